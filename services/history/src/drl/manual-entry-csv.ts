import { createHash } from 'node:crypto';
import { DRL_METRICS } from '@kerma/dose-figures';
import { boundSortKey } from '../studies/study-search';
import type { StudyDoseFigure } from './study-dose-figure.entity';

/**
 * Dose figures typed in for units without RDSR or network: a CSV with a header line naming the
 * columns `date` (YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss]), `device`, `procedure`, optionally `bodyRegion`
 * and `weightKg`, and one column per metric (dlp, ctdivol, kap, kar, fluoro-time, agd, activity) in the metric's
 * unit (docs/drl.md). Every row is checked; one bad row refuses the whole file with every problem by
 * line number, so nothing is half-imported.
 */
export const MANUAL_ENTRY_COLUMNS = ['date', 'device', 'procedure', 'bodyRegion', 'weightKg', ...DRL_METRICS.map((m) => m.id)];
const REQUIRED = ['date', 'device', 'procedure'];

export class ManualEntryError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the CSV was not imported: ${problems.slice(0, 50).join('; ')}${problems.length > 50 ? `; and ${problems.length - 50} more` : ''}`);
  }
}

/** RFC 4180 records with the line each starts on (quoted fields may hold commas, quotes and line breaks). */
export function csvRecords(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') ((field += '"'), i++);
      else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') (fields.push(field), (field = ''));
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      fields.push(field);
      if (fields.some((f) => f !== '')) records.push({ line: start, fields });
      ((fields = []), (field = ''), line++, (start = line));
    } else field += c;
  }
  if (quoted) throw new ManualEntryError([`line ${start}: a quoted field is not closed`]);
  fields.push(field);
  if (fields.some((f) => f !== '')) records.push({ line: start, fields });
  return records;
}

const NUMBER = /^\d+(\.\d+)?$/;

export function parseManualEntryCsv(text: string, site: string): StudyDoseFigure[] {
  const [header, ...rows] = csvRecords(text);
  if (!header) throw new ManualEntryError(['the file is empty: a header line and at least one row are expected']);
  const names = header.fields.map((f) => f.trim());
  const problems: string[] = [];
  const unknown = names.filter((n) => !MANUAL_ENTRY_COLUMNS.includes(n));
  if (unknown.length) problems.push(`line ${header.line}: unknown column(s) ${unknown.join(', ')}; expected ${MANUAL_ENTRY_COLUMNS.join(', ')}`);
  const missing = REQUIRED.filter((n) => !names.includes(n));
  if (missing.length) problems.push(`line ${header.line}: missing column(s) ${missing.join(', ')}`);
  if (!names.some((n) => DRL_METRICS.some((m) => m.id === n)))
    problems.push(`line ${header.line}: no metric column (${DRL_METRICS.map((m) => m.id).join(', ')})`);
  if (problems.length) throw new ManualEntryError(problems);
  if (rows.length === 0) throw new ManualEntryError(['the file has a header but no rows']);
  const fileHash = createHash('sha256').update(text).digest('hex');
  const figures: StudyDoseFigure[] = [];
  for (const { line, fields } of rows) {
    const problem = (message: string) => problems.push(`line ${line}: ${message}`);
    if (fields.length !== names.length) {
      problem(`${fields.length} fields where the header has ${names.length}`);
      continue;
    }
    const cell = (name: string) => fields[names.indexOf(name)]?.trim() ?? '';
    let sortKey = '';
    try {
      sortKey = boundSortKey('from', cell('date'));
    } catch {
      problem(`date "${cell('date')}" is not YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss]`);
    }
    for (const name of REQUIRED.slice(1)) if (!cell(name)) problem(`${name} is empty`);
    for (const name of ['device', 'procedure', 'bodyRegion'])
      if (cell(name).length > (name === 'device' ? 64 : 128)) problem(`${name} is longer than ${name === 'device' ? 64 : 128} characters`);
    const weight = cell('weightKg');
    if (weight && (!NUMBER.test(weight) || Number(weight) <= 0 || Number(weight) > 400)) problem(`weightKg "${weight}" is not a weight in kg (0–400)`);
    const values = DRL_METRICS.filter((m) => names.includes(m.id) && cell(m.id) !== '').map((m) => ({ metric: m.id, raw: cell(m.id), unit: m.unit }));
    for (const v of values) if (!NUMBER.test(v.raw) || Number(v.raw) <= 0) problem(`${v.metric} "${v.raw}" is not a positive number (${v.unit})`);
    if (values.length === 0) problem('no metric value: an empty row of figures says nothing');
    const studyInstanceUid = `manual-${createHash('sha256').update(`${site}\n${fileHash}\n${line}`).digest('hex').slice(0, 40)}`;
    for (const v of values) {
      figures.push({
        studyInstanceUid,
        metric: v.metric,
        ordinal: 0,
        value: Number(v.raw),
        site,
        device: cell('device'),
        procedure: cell('procedure'),
        bodyRegion: cell('bodyRegion') || null,
        studySortKey: sortKey,
        weightKg: weight ? Number(weight) : null,
        provenance: 'manual-entry',
      });
    }
  }
  if (problems.length) throw new ManualEntryError(problems);
  return figures;
}
