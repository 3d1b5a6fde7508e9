import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { doseStatistics, SHIPPED_DRL_TABLES } from '@kerma/dose-figures';
import { drlTableFromEnv } from '@kerma/history';
import {
  buildCtDoseReportSpec,
  buildProcedureSpec,
  buildMammographyReportSpec,
  buildRadiopharmaceuticalReportSpec,
  generateCtDoseReport,
  generateMammographyReport,
  generateRadiopharmaceuticalDoseReport,
  generateRdsr,
  type CtDoseReportSpec,
  stow,
  storedCount,
} from '@kerma/testing';
import ExcelJS from 'exceljs';
import { kermaCli } from '../support/kerma-cli';
import { startTemporaryKerma, type TemporaryKerma } from '../support/temporary-kerma';

interface Group {
  device: string | null;
  procedure: string | null;
  bodyRegion: string | null;
  metric: string;
  unit: string;
  count: number;
  median: number | null;
  p75: number | null;
  comparisons: { levelId: string; drlValue: number; medianAboveDrl: boolean | null; source: string }[];
}

/** Head CTs on CT1 with known DLP totals, patient weights 40–95 kg, dated over two months. */
const heads: CtDoseReportSpec[] = Array.from({ length: 9 }, (_, i) => {
  const spec = buildCtDoseReportSpec({ seed: 7300 + i, acquisitions: 1 });
  return {
    ...spec,
    patient: { ...spec.patient, weightKg: 40 + i * 7 },
    study: { ...spec.study, description: 'CT Head', date: i < 6 ? `202603${String(10 + i)}` : `202604${String(10 + i)}`, time: '101500' },
  };
});
const mammography = buildMammographyReportSpec({ seed: 7400 });
/** Coronary angiographies in CATH1, compared with the Swiss fluoroscopy reference levels chosen beside the UK CT ones. */
const angiographies = [7600, 7601, 7602, 7603].map((seed) =>
  buildProcedureSpec({ seed, study: { description: 'Coronary angiography', date: '20260316', time: '090000' }, device: { stationName: 'CATH1' } }),
);
/** PET-CT FDG studies on NM1, one with its activity written in mCi (read as MBq). */
const petScans = [7500, 7501, 7502].map((seed) => buildRadiopharmaceuticalReportSpec({ seed, activityUnit: seed === 7501 ? 'mCi' : 'MBq' }));

describe('single-process mode: DRL analytics', () => {
  let kerma: TemporaryKerma;
  const drl = async (query: string) => {
    const response = await fetch(`${kerma.url}/api/v1/analytics/drl${query}`);
    return { status: response.status, body: (await response.json()) as { groups: Group[]; assumptions: string[]; message?: string } };
  };

  beforeAll(async () => {
    // The deployment's choice, as KERMA_DRL_TABLES gives it at start-up.
    const drlTable = drlTableFromEnv({ KERMA_DRL_TABLES: 'uk-ndrl-adult-ct,ch-fluoroscopy-2007' });
    kerma = await startTemporaryKerma('drl-analytics', { drlTable });
    const result = await stow(
      kerma.url,
      [
        ...heads.map(generateCtDoseReport),
        generateMammographyReport(mammography),
        ...petScans.map(generateRadiopharmaceuticalDoseReport),
        ...angiographies.map(generateRdsr),
      ],
      'site-a',
    );
    expect(storedCount(result)).toBe(heads.length + 1 + petScans.length + angiographies.length);
    await kerma.bus.drain();
  });

  afterAll(async () => {
    await kerma?.stop();
  });

  it('gives count, median and p75 of the DLP per room and examination, compared with the UK head CT DRL', async () => {
    const { status, body } = await drl('?metric=dlp&device=CT1');
    expect(status).toBe(200);
    const expected = doseStatistics(heads.map((h) => h.dlpTotalMGyCm));
    const [group] = body.groups;
    expect(body.groups).toHaveLength(1);
    expect(group).toMatchObject({ device: 'CT1', procedure: 'CT Head', metric: 'dlp', unit: 'mGy·cm', count: 9 });
    expect(group.median).toBeCloseTo(expected.median!, 9);
    expect(group.p75).toBeCloseTo(expected.p75!, 9);
    expect(group.comparisons).toEqual([expect.objectContaining({ levelId: 'uk-ct-head-dlp', drlValue: 790, medianAboveDrl: expected.median! > 790 })]);
  });

  it('compares the coronary angiographies with the chosen Swiss fluoroscopy level, and names the tables chosen', async () => {
    const response = await fetch(`${kerma.url}/api/v1/analytics/drl?metric=kap&device=CATH1`);
    const body = (await response.json()) as { groups: Group[]; drlTable: { name: string; sources: Record<string, { title: string; year: number }> } };
    const swiss = SHIPPED_DRL_TABLES['ch-fluoroscopy-2007'];
    expect(body.drlTable.name).toBe(`${SHIPPED_DRL_TABLES['uk-ndrl-adult-ct'].name} + ${swiss.name}`);
    expect(body.drlTable.sources['aroua-2007']).toMatchObject({
      title: 'How to set up and apply reference levels in fluoroscopy at a national level',
      year: 2007,
    });
    const expected = doseStatistics(angiographies.map((a) => a.planes.reduce((sum, p) => sum + p.dapTotalGyM2, 0) * 1e4));
    const [group] = body.groups;
    expect(body.groups).toHaveLength(1);
    expect(group).toMatchObject({ device: 'CATH1', procedure: 'Coronary angiography', metric: 'kap', unit: 'Gy·cm²', count: angiographies.length });
    expect(group.median).toBeCloseTo(expected.median!, 6);
    expect(group.comparisons).toEqual([
      {
        levelId: 'ch-fl-coronary-angiography-kap',
        examination: 'Coronary angiography',
        drlValue: 80,
        unit: 'Gy·cm²',
        per: 'examination (DAP reference level per examination)',
        source: swiss.sources['aroua-2007'].title,
        medianToDrl: expect.closeTo(expected.median! / 80, 6),
        medianAboveDrl: expected.median! > 80,
      },
    ]);
  });

  it('filters on the period and the patient weight, and says that unknown weights are then left out', async () => {
    const { body } = await drl('?metric=ctdivol&from=2026-03-01&to=2026-03-31&minWeightKg=50&maxWeightKg=90');
    const kept = heads.filter((h, i) => i < 6 && h.patient.weightKg! >= 50 && h.patient.weightKg! <= 90);
    const expected = doseStatistics(kept.map((h) => Math.max(...h.acquisitions.map((a) => a.ctdiVolMGy))));
    expect(body.groups.map((g) => [g.metric, g.count])).toEqual([['ctdivol', kept.length]]);
    expect(body.groups[0].median).toBeCloseTo(expected.median!, 9);
    expect(body.assumptions).toContain('With a weight range, studies whose patient weight is unknown are left out.');
  });

  it('has one AGD per breast for the mammography study', async () => {
    const { body } = await drl('?metric=agd');
    expect(body.groups).toHaveLength(1);
    expect(body.groups[0]).toMatchObject({ metric: 'agd', unit: 'mGy', procedure: 'Screening mammography' });
    expect(body.groups[0].count).toBeGreaterThanOrEqual(1);
  });

  it('gives the administered activity of the nuclear-medicine studies, named by description and radiopharmaceutical', async () => {
    const { body } = await drl('?metric=activity');
    const expected = doseStatistics(petScans.map((p) => p.administrations[0].administeredActivityMBq));
    expect(body.groups).toEqual([
      expect.objectContaining({
        device: 'NM1',
        procedure: 'PET-CT FDG · Fluorodeoxyglucose F^18^',
        bodyRegion: null,
        metric: 'activity',
        unit: 'MBq',
        count: 3,
      }),
    ]);
    expect(body.groups[0].median).toBeCloseTo(expected.median!, 6);
    expect(body.groups[0].p75).toBeCloseTo(expected.p75!, 6);
    const csv = await (await fetch(`${kerma.url}/api/v1/exports/studies.csv?kind=nuclear-medicine`)).text();
    const [header, ...records] = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    const column = header.split(',').indexOf('administeredActivityMBq');
    const mBq = (values: number[]) => values.map((v) => Math.round(v * 1e6) / 1e6).sort();
    expect(mBq(records.map((r) => Number(r.split(',')[column])))).toEqual(mBq(petScans.map((p) => p.administrations[0].administeredActivityMBq)));
  });

  it('exports the DRL report as CSV and XLSX with the same figures as the JSON', async () => {
    const { body } = await drl('?metric=dlp');
    const csv = await fetch(`${kerma.url}/api/v1/analytics/drl.csv?metric=dlp`);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="kerma-drl.csv"');
    const lines = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'metric,unit,device,procedure,bodyRegion,count,median,p75,drlLevelId,drlExamination,drlValue,drlPer,medianToDrl,medianAboveDrl,drlSource',
    );
    expect(lines[1].split(',').slice(0, 9)).toEqual([
      'dlp',
      'mGy·cm',
      'CT1',
      'CT Head',
      body.groups[0].bodyRegion ?? '',
      '9',
      String(body.groups[0].median),
      String(body.groups[0].p75),
      'uk-ct-head-dlp',
    ]);
    const xlsx = await fetch(`${kerma.url}/api/v1/analytics/drl.xlsx?metric=dlp`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.getWorksheet('DRL')!;
    expect(sheet.getCell('A2').value).toBe('dlp');
    expect(sheet.getCell('F2').value).toBe(9);
    expect(sheet.getCell('G2').value).toBe(body.groups[0].median);
    expect(sheet.getCell('K2').value).toBe(790);
  });

  it('exports the study list of a period: one row per study and per CT acquisition, figures as numbers', async () => {
    const csv = await (await fetch(`${kerma.url}/api/v1/exports/studies.csv?from=2026-03-01&to=2026-03-31&kind=ct`)).text();
    const [header, ...records] = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    const columns = header.split(',');
    expect(columns.slice(0, 4)).toEqual(['studyInstanceUid', 'site', 'patientId', 'patientIdIssuer']);
    const studies = records.map((r) => r.split(',')).filter((r) => r[columns.indexOf('row')] === 'study');
    expect(studies).toHaveLength(6);
    const march = heads.slice(0, 6);
    expect(studies.map((r) => Number(r[columns.indexOf('dlpTotalMGyCm')])).sort()).toEqual(march.map((h) => h.dlpTotalMGyCm).sort());
    expect(records).toHaveLength(12);
    const xlsx = await fetch(`${kerma.url}/api/v1/exports/studies.xlsx?kind=ct`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.getWorksheet('Studies')!;
    expect(sheet.rowCount).toBe(1 + 2 * heads.length);
    const dlpColumn = columns.indexOf('dlpTotalMGyCm') + 1;
    const dlps = Array.from({ length: sheet.rowCount - 1 }, (_, i) => sheet.getRow(i + 2).getCell(dlpColumn).value).filter((v) => v !== null);
    expect(dlps.sort()).toEqual(heads.map((h) => h.dlpTotalMGyCm).sort());
    expect((await fetch(`${kerma.url}/api/v1/exports/studies.csv?limit=10`)).status).toBe(400);
  });

  it('kerma export writes the DRL workbook and the study CSV; a refused export leaves no file', async () => {
    const xlsxFile = join(kerma.dir, 'drl.xlsx');
    const drlRun = await kermaCli([
      'export',
      'drl',
      '--url',
      kerma.url,
      '--from',
      '2026-03-01',
      '--to',
      '2026-04-30',
      '--metric',
      'dlp',
      '--format',
      'xlsx',
      '-o',
      xlsxFile,
    ]);
    expect(drlRun).toMatchObject({ code: 0, stdout: expect.stringContaining(`${xlsxFile}: `) });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(xlsxFile) as unknown as ArrayBuffer);
    expect(workbook.getWorksheet('DRL')!.getCell('F2').value).toBe(9);
    const activityFile = join(kerma.dir, 'activity.csv');
    expect((await kermaCli(['export', 'drl', '--url', kerma.url, '--metric', 'activity', '--format', 'csv', '-o', activityFile])).code).toBe(0);
    expect(readFileSync(activityFile, 'utf8').split('\r\n')[1]).toMatch(/^activity,MBq,NM1,PET-CT FDG · Fluorodeoxyglucose F\^18\^,,3,/);
    const csvFile = join(kerma.dir, 'studies.csv');
    expect((await kermaCli(['export', 'studies', '--url', kerma.url, '--kind', 'mammography', '-o', csvFile])).code).toBe(0);
    const lines = readFileSync(csvFile, 'utf8').trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(mammography.study.studyInstanceUid);
    const refused = await kermaCli(['export', 'drl', '--url', kerma.url, '--metric', 'dap', '-o', join(kerma.dir, 'bad.csv')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('kerma export: Kerma answered HTTP 400: metric must be one of');
    expect(existsSync(join(kerma.dir, 'bad.csv'))).toBe(false);
    expect(existsSync(join(kerma.dir, 'bad.csv.partial'))).toBe(false);
  });

  it('imports manual entries (CSV) into DRL analytics, and refuses a bad file naming its lines, importing nothing', async () => {
    const post = (body: string, type = 'text/csv') =>
      fetch(`${kerma.url}/api/v1/dose-figures/manual-entries?site=site-a`, { method: 'POST', headers: { 'content-type': type }, body });
    const csv =
      'date,device,procedure,weightKg,kap,fluoro-time\n2026-03-02,Mobile C-arm 1,Hip pinning,82,3.5,41\n2026-03-03,Mobile C-arm 1,Hip pinning,,1.5,20\n2026-03-04,Mobile C-arm 1,Hip pinning,70,2.0,33\n';
    const imported = await post(csv);
    expect(imported.status).toBe(200);
    expect(await imported.json()).toEqual({ site: 'site-a', rows: 3, figures: 6 });
    // The same file again replaces its rows rather than counting them twice.
    expect((await post(csv)).status).toBe(200);
    const { body } = await drl('?metric=kap&procedure=Hip%20pinning');
    expect(body.groups).toEqual([expect.objectContaining({ device: 'Mobile C-arm 1', count: 3, median: 2, p75: 2.75 })]);
    const refused = await post('date,device,procedure,kap\n2026-03-05,C1,Hip,3\n2026-02-30x,C1,Hip,3\n');
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { problems: string[] }).problems).toEqual(['line 3: date "2026-02-30x" is not YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss]']);
    expect((await drl('?metric=kap&procedure=Hip')).body.groups).toEqual([]);
    expect((await post(csv, 'text/plain')).status).toBe(415);
  });

  it('refuses an unknown metric, an inverted weight range and an unknown parameter, naming them', async () => {
    expect(await drl('?metric=dap')).toMatchObject({ status: 400, body: { message: expect.stringContaining('metric must be one of dlp, ctdivol') } });
    expect(await drl('?minWeightKg=90&maxWeightKg=50')).toMatchObject({ status: 400, body: { message: 'minWeightKg (90) is above maxWeightKg (50)' } });
    expect((await drl('?weight=70')).status).toBe(400);
  });
});
