import { ALL_CONTRACTS, SkinDoseCalculatedV2, type SkinDoseCalculatedV2 as SkinDoseCalculated } from '@kerma/contracts';
import { JsonLogger } from '@kerma/platform';
import {
  buildCtDoseReportSpec,
  buildMammographyReportSpec,
  buildProjectionRadiographyReportSpec,
  generateCtDoseReport,
  generateMammographyReport,
  generateProjectionRadiographyReport,
} from '@kerma/testing';
import { getJson, stow, storedCount } from '@kerma/testing';
import { startTemporaryKerma, type TemporaryKerma } from '../support/temporary-kerma';

/**
 * CT, radiography and mammography reports through the single-process app: their own dose figures
 * reach the study view, and the skin dose is "not applicable" with its reason — no failure, no
 * ERROR log, no dead letter, no PSD of 0.
 */
describe('single-process mode: CT, radiography and mammography studies', () => {
  let kerma: TemporaryKerma;
  const logLines: { level: string; msg?: string }[] = [];
  const deadLetters: string[] = [];
  const skinDoseEvents: SkinDoseCalculated[] = [];
  // DLP written as the non-UCUM mGycm, as some Siemens and GE scanners do.
  const ct = buildCtDoseReportSpec({ seed: 61, acquisitions: 3, dlpUnit: 'mGycm' });
  const radiography = buildProjectionRadiographyReportSpec({ seed: 62, exposures: 4 });
  const mammography = buildMammographyReportSpec({ seed: 63 });

  beforeAll(async () => {
    const logger = new JsonLogger('kerma', 'log', (line) => void logLines.push(JSON.parse(line) as { level: string; msg?: string }));
    kerma = await startTemporaryKerma('non-fluoroscopy', {
      logger,
      retryPolicy: { maxAttempts: 2, initialBackoffMs: 10, maxBackoffMs: 10 },
    });
    for (const contract of ALL_CONTRACTS) kerma.bus.subscribe(contract.deadLetterTopic, async (m) => void deadLetters.push(m.value));
    kerma.bus.subscribe(SkinDoseCalculatedV2.topic, async (m) => void skinDoseEvents.push(JSON.parse(m.value) as SkinDoseCalculated));
    const result = await stow(
      kerma.url,
      [generateCtDoseReport(ct), generateProjectionRadiographyReport(radiography), generateMammographyReport(mammography)],
      'imaging-1',
    );
    expect(result.status).toBe(200);
    expect(storedCount(result)).toBe(3);
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

  it("shows a CT study's CTDIvol, DLP, phantom, scanning length and protocol per acquisition, and the DLP total", async () => {
    const s = await study(ct.study.studyInstanceUid);
    expect(s.kind).toBe('ct');
    expect(s.status.parsed.state).toBe('done');
    expect(s.ct).toMatchObject({ dlpTotalMGyCm: ct.dlpTotalMGyCm, dlpTotalSource: 'device-total', acquisitionCount: 3 });
    expect(s.ct.acquisitions).toEqual(
      ct.acquisitions.map((a) =>
        expect.objectContaining({
          protocol: a.protocol,
          ctdiVolMGy: a.ctdiVolMGy,
          dlpMGyCm: a.dlpMGyCm,
          scanningLengthMm: a.scanningLengthMm,
          phantom: expect.stringMatching(a.phantom === 'head' ? /Head/ : /Body/),
        }),
      ),
    );
    expect(s.mammography).toBeNull();
  });

  it("shows a mammography study's accumulated average glandular dose per laterality", async () => {
    const s = await study(mammography.study.studyInstanceUid);
    expect(s.kind).toBe('mammography');
    expect(s.mammography.accumulatedAgd).toEqual(mammography.accumulatedAverageGlandularDose.map((a) => ({ laterality: a.laterality, doseMGy: a.doseMGy })));
  });

  it.each([
    ['ct', () => ct.study.studyInstanceUid],
    ['radiography', () => radiography.study.studyInstanceUid],
    ['mammography', () => mammography.study.studyInstanceUid],
  ])('%s: skin dose not applicable with the reason, PSD null (never 0), recompute answers 409', async (code, uid) => {
    const s = await study(uid());
    expect(s.status.skinDose.state).toBe('not-applicable');
    expect(s.failures).toEqual([]);
    expect(s.peakSkinDose).toEqual({ status: 'not-applicable', psdGy: null, reason: expect.any(String) });
    expect(s.skinDose).toBeNull();

    const announced = skinDoseEvents.find((e) => e.studyInstanceUid === uid());
    expect(announced).toMatchObject({ status: 'not-applicable', reason: { code } });

    const { status, body } = await getJson(`${kerma.url}/api/v1/studies/${uid()}/skin-dose`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'not-applicable', reason: { code } });

    const recompute = await fetch(`${kerma.url}/api/v1/studies/${uid()}/skin-dose:recompute`, { method: 'POST' });
    expect(recompute.status).toBe(409);
    expect(((await recompute.json()) as { message: string }).message).toMatch(/has no skin dose: /);
  });

  it('logged nothing at ERROR and dead-lettered nothing', () => {
    expect(logLines.filter((l) => l.level === 'error')).toEqual([]);
    expect(deadLetters).toEqual([]);
    expect(logLines.some((l) => l.msg === 'skin dose not applicable')).toBe(true);
  });
});
