import type { MeasuredPoint } from './compare';

export class InvalidPointsCsvError extends Error {
  override readonly name = 'InvalidPointsCsvError';
}

const DOSE_COLUMNS: Readonly<Record<string, number>> = { dose_gy: 1, dose_mgy: 1e-3 };

/**
 * Point measurements as CSV with a header naming `x_mm`, `y_mm` (on the unrolled phantom surface, from
 * the map's top-left corner: x along the columns, y down the rows) and `dose_gy` or `dose_mgy`, in any
 * order; comma or semicolon separated. A bad line is an error naming the line: no point is dropped.
 */
export function parsePointsCsv(text: string): MeasuredPoint[] {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const first = lines.findIndex((l) => l !== '' && !l.startsWith('#'));
  if (first < 0) throw new InvalidPointsCsvError('the CSV is empty');
  const split = (l: string) => l.split(/[;,]/).map((c) => c.trim());
  const header = split(lines[first]).map((h) => h.toLowerCase());
  const xi = header.indexOf('x_mm');
  const yi = header.indexOf('y_mm');
  const doseName = Object.keys(DOSE_COLUMNS).find((k) => header.includes(k));
  if (xi < 0 || yi < 0 || !doseName) throw new InvalidPointsCsvError(`the header must name x_mm, y_mm and dose_gy (or dose_mgy); got "${lines[first]}"`);
  const di = header.indexOf(doseName);
  const points: MeasuredPoint[] = [];
  for (let n = first + 1; n < lines.length; n++) {
    const l = lines[n];
    if (l === '' || l.startsWith('#')) continue;
    const cells = split(l);
    const [x, y, d] = [xi, yi, di].map((i) => Number(cells[i]));
    if (![x, y, d].every(Number.isFinite) || cells[di] === '' || cells[xi] === '' || cells[yi] === '')
      throw new InvalidPointsCsvError(`line ${n + 1}: "${l}" is not three numbers x_mm, y_mm, ${doseName}`);
    if (d < 0) throw new InvalidPointsCsvError(`line ${n + 1}: negative dose ${d}`);
    points.push({ xMm: x, yMm: y, doseGy: d * DOSE_COLUMNS[doseName] });
  }
  if (points.length === 0) throw new InvalidPointsCsvError('the CSV has a header but no points');
  return points;
}
