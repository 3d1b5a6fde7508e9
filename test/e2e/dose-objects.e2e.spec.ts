import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_CONTRACTS, SkinDoseCalculatedV2, type SkinDoseCalculatedV2 as SkinDoseCalculated } from '@kerma/contracts';
import { JsonLogger } from '@kerma/platform';
import {
  buildDoseScreenSpec,
  buildHeaderDoseImageSpec,
  buildRadiopharmaceuticalReportSpec,
  findFreePort,
  generateDoseScreen,
  generateHeaderDoseImage,
  generateRadiopharmaceuticalDoseReport,
  generateRdsr,
  procedureSpec,
} from '@kerma/testing';
import { failureCodes, getJson, stow, storedCount, cStore, datasetOf, type ScuTarget } from '@kerma/testing';
import { kermaCli } from '../support/kerma-cli';
import { startTemporaryKerma, type TemporaryKerma } from '../support/temporary-kerma';

/**
 * Every dose object a hospital group sends, through the single-process app: radiopharmaceutical dose
 * reports, image headers with dose attributes and CT dose screens reach the study view with their own
 * figures and a skin dose "not applicable"; a dose report of the same study wins over headers in
 * either arrival order; objects without dose figures are refused naming what is missing. No failure,
 * no ERROR log, no dead letter.
 */
describe('single-process mode: nuclear medicine, image headers and dose screens', () => {
  let kerma: TemporaryKerma;
  let dicomPort: number;
  const logLines: { level: string; msg?: string }[] = [];
  const deadLetters: string[] = [];
  const skinDoseEvents: SkinDoseCalculated[] = [];
  const nm = buildRadiopharmaceuticalReportSpec({ seed: 71 });
  const nmByCStore = buildRadiopharmaceuticalReportSpec({ seed: 72, activityUnit: 'GBq' });
  const dx = [0, 1].map((index) => buildHeaderDoseImageSpec({ seed: 73, modality: 'DX', index }));
  const philips = buildDoseScreenSpec({ seed: 74, vendor: 'philips' });

  beforeAll(async () => {
    dicomPort = await findFreePort();
    const logger = new JsonLogger('kerma', 'log', (line) => void logLines.push(JSON.parse(line) as { level: string; msg?: string }));
    kerma = await startTemporaryKerma('dose-objects', {
      dicom: { port: dicomPort, host: '127.0.0.1', aeTitle: 'KERMA', siteByCallingAe: { PETCT1: 'nm-1' }, callingAeAllowlist: null },
      logger,
      retryPolicy: { maxAttempts: 2, initialBackoffMs: 10, maxBackoffMs: 10 },
    });
    for (const contract of ALL_CONTRACTS) kerma.bus.subscribe(contract.deadLetterTopic, async (m) => void deadLetters.push(m.value));
    kerma.bus.subscribe(SkinDoseCalculatedV2.topic, async (m) => void skinDoseEvents.push(JSON.parse(m.value) as SkinDoseCalculated));
    const result = await stow(
      kerma.url,
      [generateRadiopharmaceuticalDoseReport(nm), ...dx.map(generateHeaderDoseImage), generateDoseScreen(philips)],
      'imaging-1',
    );
    expect(result.status).toBe(200);
    expect(storedCount(result)).toBe(4);
    const pet: ScuTarget = { host: '127.0.0.1', port: dicomPort, callingAeTitle: 'PETCT1', calledAeTitle: 'KERMA' };
    const stored = await cStore(pet, [datasetOf(generateRadiopharmaceuticalDoseReport(nmByCStore))]);
    expect(stored.responses.map((r) => r.status)).toEqual([0x0000]);
    await kerma.bus.drain();
  }, 60_000);

  afterAll(async () => {
    await kerma?.stop();
  });

  const study = async (uid: string) => {
    const { status, body } = await getJson(`${kerma.url}/api/v1/studies/${uid}`);
    expect(status).toBe(200);
    return body;
  };

  it('shows a nuclear-medicine study (STOW): administrations with agent, radionuclide, activity, route, times, organ and effective doses', async () => {
    const s = await study(nm.study.studyInstanceUid);
    expect(s).toMatchObject({
      kind: 'nuclear-medicine',
      source: 'rdsr',
      status: { parsed: { state: 'done' }, skinDose: { state: 'not-applicable' }, overall: 'complete' },
      failures: [],
    });
    const truth = nm.administrations[0]!;
    expect(s.nuclearMedicine).toMatchObject({
      administeredActivityTotalMBq: truth.administeredActivityMBq,
      effectiveDoseTotalMSv: 4.75,
      administrations: [
        {
          agent: truth.agent.meaning,
          radionuclide: truth.radionuclide.meaning,
          administeredActivityMBq: truth.administeredActivityMBq,
          route: 'Intravenous route',
        },
      ],
    });
    expect(s.nuclearMedicine.administrations[0].organDoses).toHaveLength(2);
    expect(s.peakSkinDose).toEqual({ status: 'not-applicable', psdGy: null, reason: expect.stringContaining('nuclear medicine') });
    expect(skinDoseEvents.find((e) => e.studyInstanceUid === nm.study.studyInstanceUid)).toMatchObject({
      status: 'not-applicable',
      reason: { code: 'nuclear-medicine' },
    });
  });

  it('shows a nuclear-medicine study sent by C-STORE, its activity read from GBq', async () => {
    const s = await study(nmByCStore.study.studyInstanceUid);
    expect(s.site).toBe('nm-1');
    expect(s.nuclearMedicine.administeredActivityTotalMBq).toBeCloseTo(nmByCStore.administrations[0]!.administeredActivityMBq, 9);
  });

  it('joins the DX images of a study into one procedure read from their headers: two events, DAP summed', async () => {
    const s = await study(dx[0]!.study.studyInstanceUid);
    expect(s).toMatchObject({
      kind: 'radiography',
      source: 'image-header',
      status: { parsed: { state: 'done' }, skinDose: { state: 'not-applicable' } },
      failures: [],
    });
    expect(s.reports).toEqual(expect.arrayContaining(dx.map((d) => d.sopInstanceUid)));
    expect(s.totals.eventCount).toBe(2);
    expect(s.totals.dapTotalGyCm2).toBeCloseTo((dx[0]!.dapDGyCm2! + dx[1]!.dapDGyCm2!) / 10, 12);
    expect(s.totals.doseRpTotalGy).toBeNull();
  });

  it('reads a Philips CT dose screen: the DLP total with source dose-screen', async () => {
    const s = await study(philips.study.studyInstanceUid);
    expect(s).toMatchObject({
      kind: 'ct',
      source: 'dose-screen',
      ct: { dlpTotalMGyCm: philips.dlpTotalMGyCm },
      status: { skinDose: { state: 'not-applicable' } },
    });
  });

  it.each(['headers first', 'dose report first'] as const)('%s: the dose report wins, the headers are kept but not counted', async (order) => {
    const spec = procedureSpec({ seed: order === 'headers first' ? 75 : 76, events: 3 });
    const images = [0, 1].map((index) =>
      generateHeaderDoseImage(buildHeaderDoseImageSpec({ seed: spec.seed, modality: 'RF', index, studyInstanceUid: spec.study.studyInstanceUid })),
    );
    const sequence = order === 'headers first' ? [images, [generateRdsr(spec)]] : [[generateRdsr(spec)], images];
    for (const batch of sequence) {
      expect(storedCount(await stow(kerma.url, batch, 'imaging-1'))).toBe(batch.length);
      await kerma.bus.drain();
    }
    const s = await study(spec.study.studyInstanceUid);
    expect(s).toMatchObject({ kind: 'projection-xray', source: 'rdsr', failures: [] });
    expect(s.reports).toHaveLength(3);
    expect(s.totals.eventCount).toBe(3);
    expect(s.status.skinDose.state).toBe('done');
  });

  it('refuses images without dose attributes and screens without readable dose text, naming what is missing', async () => {
    const bare = generateHeaderDoseImage(buildHeaderDoseImageSpec({ seed: 77, withoutDose: true }));
    const unreadable = generateDoseScreen(buildDoseScreenSpec({ seed: 78, textOverride: 'see the image' }));
    const result = await stow(kerma.url, [bare, unreadable], 'imaging-1');
    expect(result.status).toBe(409);
    expect(failureCodes(result)).toEqual(['not-a-dose-report', 'not-a-dose-report']);
    const texts = ((result.body['00081198']?.Value ?? []) as Record<string, { Value?: unknown[] }>[]).map((i) => String(i['00091002']?.Value?.[0]));
    expect(texts[0]).toContain('Image and Fluoroscopy Area Dose Product (0018,115E)');
    expect(texts[1]).toContain('no "Total DLP" figure');
  });

  it('takes radiopharmaceutical reports, header images and dose screens from an archive with `kerma import`', async () => {
    const archive = mkdtempSync(join(tmpdir(), 'kerma-import-dose-objects-'));
    const pet = buildRadiopharmaceuticalReportSpec({ seed: 79, activityUnit: 'mCi' });
    const mg = [0, 1].map((index) => buildHeaderDoseImageSpec({ seed: 80, modality: 'MG', index }));
    const ge = buildDoseScreenSpec({ seed: 81, vendor: 'ge' });
    writeFileSync(join(archive, 'a-pet.dcm'), generateRadiopharmaceuticalDoseReport(pet));
    mg.forEach((m, i) => writeFileSync(join(archive, `b-mg-${i}.dcm`), generateHeaderDoseImage(m)));
    writeFileSync(join(archive, 'c-ge-screen.dcm'), generateDoseScreen(ge));
    try {
      const run = await kermaCli(['import', archive, '--url', kerma.url, '--site', 'archive-1']);
      expect(run.stdout.trim().split('\n').at(-1)).toBe('4 files: 4 stored, 0 duplicate, 0 refused');
      expect(run.code).toBe(0);
      await kerma.bus.drain();
      expect((await study(pet.study.studyInstanceUid)).nuclearMedicine.administeredActivityTotalMBq).toBeCloseTo(
        pet.administrations[0]!.administeredActivityMBq,
        9,
      );
      const mammo = await study(mg[0]!.study.studyInstanceUid);
      expect(mammo).toMatchObject({ kind: 'mammography', source: 'image-header' });
      // The images are sent in parallel: the breasts are listed in arrival order.
      const byLaterality = [...mammo.mammography.accumulatedAgd].sort((a: { laterality: string }, b: { laterality: string }) =>
        a.laterality.localeCompare(b.laterality),
      );
      expect(byLaterality).toEqual([
        { laterality: 'left', doseMGy: expect.closeTo(mg[1]!.organDoseDGy! * 100, 9) },
        { laterality: 'right', doseMGy: expect.closeTo(mg[0]!.organDoseDGy! * 100, 9) },
      ]);
      const screen = await study(ge.study.studyInstanceUid);
      expect(screen.ct).toMatchObject({ dlpTotalMGyCm: ge.dlpTotalMGyCm, acquisitionCount: 2 });
    } finally {
      rmSync(archive, { recursive: true, force: true });
    }
  }, 60_000);

  it('logged nothing at ERROR and dead-lettered nothing', () => {
    expect(logLines.filter((l) => l.level === 'error')).toEqual([]);
    expect(deadLetters).toEqual([]);
  });
});
