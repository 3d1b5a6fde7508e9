import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

export type Cell = string | number | boolean | null;

/** A table to export: a header and rows produced one page at a time, so a long period is never held in memory. */
export interface ExportTable {
  readonly sheetName: string;
  readonly headers: readonly string[];
  readonly rows: AsyncIterable<readonly Cell[]>;
}

export type ExportFormat = 'csv' | 'xlsx';
export const EXPORT_MEDIA_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * Text a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) is prefixed with an
 * apostrophe (OWASP CSV injection): device and protocol names come from the modalities. Numbers are
 * written as numbers and never touched.
 */
function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One CSV record (RFC 4180): quoted when it holds a comma, quote or line break; unknown is an empty field. */
export function csvRecord(cells: readonly Cell[]): string {
  return `${cells
    .map((c) => {
      if (c === null) return '';
      if (typeof c !== 'string') return String(c);
      const text = safeText(c);
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',')}\r\n`;
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
}

export async function writeCsv(table: ExportTable, out: Writable): Promise<void> {
  // A byte-order mark so that spreadsheet programs read the UTF-8 units (Gy·cm², mGy·cm) correctly.
  await write(out, `\uFEFF${csvRecord(table.headers)}`);
  for await (const row of table.rows) await write(out, csvRecord(row));
  out.end();
}

/** XLSX through exceljs' streaming writer: each row is committed (written out) as it comes. */
export async function writeXlsx(table: ExportTable, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(table.sheetName);
  sheet.addRow([...table.headers]).commit();
  for await (const row of table.rows) sheet.addRow(row.map((c) => (typeof c === 'string' ? safeText(c) : c))).commit();
  sheet.commit();
  await workbook.commit();
}

export function writeTable(format: ExportFormat, table: ExportTable, out: Writable): Promise<void> {
  return format === 'csv' ? writeCsv(table, out) : writeXlsx(table, out);
}
