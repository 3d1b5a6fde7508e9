import { site as siteId } from '@kerma/contracts';
import { implausibleHeight, implausibleMass, KG_PER_LB } from './plausible-size';

/**
 * Patient sizes exported by a RIS as CSV. A header row is required; columns (any order, case and
 * spaces ignored): a key — `accession_number` and/or `study_instance_uid` — and at least one size —
 * `height_cm` or `height_m`, `weight_kg` or `weight_lb` — and optionally `site`, the site of the study
 * (needed to keep a size for a study not received yet when the caller may write for several sites). Comma or semicolon separated (the header
 * decides), fields may be double-quoted. A bad row is reported with its line number and reason; the
 * good rows are kept.
 */
export interface SizeRow {
  readonly line: number;
  readonly key: { readonly kind: 'study-instance-uid' | 'accession-number'; readonly value: string };
  readonly heightM: number | null;
  readonly massKg: number | null;
  /** The study's site when the file names it. */
  readonly site: string | null;
}

export interface SizeCsv {
  readonly rows: SizeRow[];
  readonly rejected: { line: number; reason: string }[];
}

export class SizeCsvError extends Error {}

const KEYS = ['accession_number', 'study_instance_uid'] as const;
const SIZES = { height_cm: 0.01, height_m: 1, weight_kg: 1, weight_lb: KG_PER_LB } as const;
type Column = (typeof KEYS)[number] | keyof typeof SIZES | 'site';
const KNOWN = new Set<string>([...KEYS, ...Object.keys(SIZES), 'site']);
const DICOM_UID = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;

/** One CSV record's fields (RFC 4180 quoting, no line breaks inside fields). */
function fields(line: string, separator: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (c === '"') quoted = false;
      else current += c;
    } else if (c === '"' && current.trim() === '') {
      quoted = true;
      current = '';
    } else if (c === separator) {
      out.push(current.trim());
      current = '';
    } else current += c;
  }
  if (quoted) throw new SizeCsvError('unterminated quoted field');
  out.push(current.trim());
  return out;
}

function header(line: string): { separator: string; columns: (Column | null)[] } {
  const separator = line.includes(';') && !line.includes(',') ? ';' : ',';
  const names = fields(line, separator).map((n) => n.toLowerCase().replace(/[\s-]+/g, '_'));
  const unknown = names.filter((n) => !KNOWN.has(n));
  if (!names.some((n) => (KEYS as readonly string[]).includes(n))) {
    throw new SizeCsvError(`line 1 must be a header naming accession_number or study_instance_uid (got: ${names.join(', ') || 'nothing'})`);
  }
  if (!names.some((n) => n in SIZES)) throw new SizeCsvError(`the header names no size column: add height_cm, height_m, weight_kg or weight_lb`);
  if (new Set(names).size !== names.length) throw new SizeCsvError('the header names a column twice');
  if (unknown.length)
    throw new SizeCsvError(
      `unknown column(s) ${unknown.join(', ')}: expected accession_number, study_instance_uid, site, height_cm, height_m, weight_kg, weight_lb`,
    );
  return { separator, columns: names as Column[] };
}

function number(text: string): number | null {
  if (text === '') return null;
  const normalized = text.replace(',', '.');
  return /^[+-]?\d+(\.\d+)?$/.test(normalized) ? Number(normalized) : NaN;
}

function row(values: string[], columns: (Column | null)[], line: number): SizeRow | string {
  if (values.length !== columns.length) return `${values.length} field(s) where the header has ${columns.length}`;
  const get = (c: Column) => values[columns.indexOf(c)] ?? '';
  const uid = columns.includes('study_instance_uid') ? get('study_instance_uid') : '';
  const accession = columns.includes('accession_number') ? get('accession_number') : '';
  if (uid && (!DICOM_UID.test(uid) || uid.length > 64)) return `study_instance_uid "${uid.slice(0, 70)}" is not a DICOM UID`;
  if (!uid && !accession) return 'no accession_number or study_instance_uid';
  if (accession.length > 64) return 'accession_number longer than 64 characters';
  const site = columns.includes('site') ? get('site') : '';
  if (site && !siteId.safeParse(site).success) return `site "${site.slice(0, 70)}" is not a site id (letters, digits, . _ -, at most 64)`;
  let heightM: number | null = null;
  let massKg: number | null = null;
  for (const [column, factor] of Object.entries(SIZES) as [keyof typeof SIZES, number][]) {
    if (!columns.includes(column)) continue;
    const value = number(get(column));
    if (value === null) continue;
    if (Number.isNaN(value)) return `${column} "${get(column)}" is not a number`;
    const isHeight = column.startsWith('height');
    if ((isHeight ? heightM : massKg) !== null) return `both ${isHeight ? 'height columns' : 'weight columns'} are filled`;
    if (isHeight) heightM = value * factor;
    else massKg = value * factor;
  }
  if (heightM === null && massKg === null) return 'no height and no weight';
  const problem = (heightM !== null ? implausibleHeight(heightM) : null) ?? (massKg !== null ? implausibleMass(massKg) : null);
  if (problem) return problem;
  return { line, key: uid ? { kind: 'study-instance-uid', value: uid } : { kind: 'accession-number', value: accession }, heightM, massKg, site: site || null };
}

export function parseSizeCsv(text: string): SizeCsv {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines.every((l) => l.trim() === '')) throw new SizeCsvError('empty CSV: a header row and at least one row are required');
  const { separator, columns } = header(lines[0]);
  const rows: SizeRow[] = [];
  const rejected: { line: number; reason: string }[] = [];
  lines.slice(1).forEach((text, i) => {
    const line = i + 2;
    if (text.trim() === '') return;
    let values: string[];
    try {
      values = fields(text, separator);
    } catch (err) {
      rejected.push({ line, reason: (err as Error).message });
      return;
    }
    const parsed = row(values, columns, line);
    if (typeof parsed === 'string') rejected.push({ line, reason: parsed });
    else rows.push(parsed);
  });
  return { rows, rejected };
}
