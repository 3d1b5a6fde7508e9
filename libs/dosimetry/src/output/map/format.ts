/** Text helpers of the map figure: doses with their unit, escaped SVG text. */

/** A dose with three significant digits, in mGy below 1 Gy (the unit a clinician reads at that level). */
export function formatDose(doseGy: number): string {
  if (doseGy < 1) return `${formatNumber(doseGy * 1000)} mGy`;
  return `${formatNumber(doseGy)} Gy`;
}

/** Three significant digits, never in exponent notation. */
export function formatNumber(value: number): string {
  if (value === 0) return '0';
  return String(Number(value.toPrecision(3)));
}

/** Escapes text for SVG character data and attribute values. */
export function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Date-time as written in the report (ISO), shown as date and minute. */
export function formatDateTime(iso: string | null): string {
  if (!iso) return 'not given';
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}))?/.exec(iso);
  return m ? (m[2] ? `${m[1]} ${m[2]}` : m[1]) : iso;
}

/** Words of `text` in lines of at most `maxChars` characters. */
export function wrap(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > maxChars) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
