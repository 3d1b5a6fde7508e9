import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { csvRecord, writeCsv, writeXlsx, type Cell, type ExportTable } from './export-table';

async function* rowsOf(rows: readonly (readonly Cell[])[]): AsyncIterable<readonly Cell[]> {
  for (const r of rows) yield r;
}
const table = (rows: readonly (readonly Cell[])[]): ExportTable => ({ sheetName: 'Studies', headers: ['device', 'dlpMGyCm', 'note'], rows: rowsOf(rows) });

async function collect(run: (out: PassThrough) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
  const ended = new Promise((resolve) => out.on('end', resolve));
  await run(out);
  await ended;
  return Buffer.concat(chunks);
}

describe('csvRecord', () => {
  it('quotes commas, quotes and line breaks, leaves unknown empty and numbers as numbers', () => {
    expect(csvRecord(['CT 1', 812.5, null, 'Head, routine', 'say "hi"', 'a\nb'])).toBe('CT 1,812.5,,"Head, routine","say ""hi""","a\nb"\r\n');
  });

  it('defuses text a spreadsheet would run as a formula, never a number', () => {
    expect(csvRecord(['=HYPERLINK("x")', '+1', '@SUM(A1)', -3.5])).toBe(`"'=HYPERLINK(""x"")",'+1,'@SUM(A1),-3.5\r\n`);
  });
});

describe('writeCsv and writeXlsx', () => {
  const rows: Cell[][] = [
    ['CT1', 812.5, 'Head, routine'],
    ['CT2', null, '=1+1'],
  ];

  it('CSV: a BOM, the header and one record per row', async () => {
    const text = (await collect((out) => writeCsv(table(rows), out))).toString('utf8');
    expect(text).toBe('\uFEFFdevice,dlpMGyCm,note\r\nCT1,812.5,"Head, routine"\r\nCT2,,\'=1+1\r\n');
  });

  it('XLSX: read back with exceljs, numbers are numbers, unknown cells empty, formulas defused', async () => {
    const bytes = await collect((out) => writeXlsx(table(rows), out));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Studies')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'device', 'dlpMGyCm', 'note']);
    expect(sheet.getCell('A2').value).toBe('CT1');
    expect(sheet.getCell('B2').value).toBe(812.5);
    expect(sheet.getCell('C2').value).toBe('Head, routine');
    expect(sheet.getCell('B3').value).toBeNull();
    expect(sheet.getCell('C3').value).toBe("'=1+1");
    expect(sheet.rowCount).toBe(3);
  });
});
