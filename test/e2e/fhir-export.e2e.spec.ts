import { checkRadiationDoseSummaryIg, COMPONENT, PROFILE } from '@kerma/fhir';
import {
  buildCtDoseReportSpec,
  buildMammographyReportSpec,
  generateCtDoseReport,
  generateMammographyReport,
  generateRdsr,
  procedureSpec,
  stow,
  storedCount,
} from '@kerma/testing';
import { startTemporaryKerma, type TemporaryKerma } from '../support/temporary-kerma';

type Json = Record<string, any>;

/** GET /fhir/studies/{uid}/radiation-dose-summary through the single-process app. */
describe('single-process mode: FHIR radiation dose summary export', () => {
  let kerma: TemporaryKerma;
  const ct = buildCtDoseReportSpec({ seed: 81, acquisitions: 2 });
  const mammography = buildMammographyReportSpec({ seed: 82 });
  const fluoroscopy = procedureSpec({ seed: 83, events: 10 });

  beforeAll(async () => {
    kerma = await startTemporaryKerma('fhir-export');
    const result = await stow(kerma.url, [generateCtDoseReport(ct), generateMammographyReport(mammography), generateRdsr(fluoroscopy)], 'imaging-1');
    expect(storedCount(result)).toBe(3);
    await kerma.bus.drain();
  }, 120_000);

  afterAll(async () => {
    await kerma?.stop();
  });

  const get = (uid: string, query = '') => fetch(`${kerma.url}/fhir/studies/${uid}/radiation-dose-summary${query}`);
  const bundleOf = async (uid: string, query = ''): Promise<Json> => {
    const response = await get(uid, query);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    return (await response.json()) as Json;
  };
  const observationOf = (bundle: Json): Json => bundle.entry.find((e: Json) => e.resource.resourceType === 'Observation').resource;
  const valueOf = (obs: Json, code: { code: string }) => obs.component.find((c: Json) => c.code.coding[0].code === code.code);

  it("exports a CT study as a CT Radiation Dose Summary with the report's DLP total", async () => {
    const bundle = await bundleOf(ct.study.studyInstanceUid);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    const obs = observationOf(bundle);
    expect(obs.meta.profile).toEqual([PROFILE.ctSummary]);
    expect(obs.status).toBe('final');
    expect(valueOf(obs, COMPONENT.dlpTotal).valueQuantity).toMatchObject({ value: ct.dlpTotalMGyCm, code: 'mGy.cm' });
    expect(valueOf(obs, COMPONENT.meanCtdiVol).valueQuantity.value).toBe(Math.max(...ct.acquisitions.map((a) => a.ctdiVolMGy)));
    expect(bundle.entry.map((e: Json) => e.resource.resourceType).sort()).toEqual(['Device', 'ImagingStudy', 'Observation', 'Patient']);
    expect(checkRadiationDoseSummaryIg(bundle as never).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('exports a fluoroscopy study with Ka,r and KAP in mGy and mGy.cm2 and the peak skin dose in the text', async () => {
    const obs = observationOf(await bundleOf(fluoroscopy.study.studyInstanceUid));
    expect(obs.meta.profile).toEqual([PROFILE.xraySummary]);
    const study = (await (await fetch(`${kerma.url}/api/v1/studies/${fluoroscopy.study.studyInstanceUid}`)).json()) as Json;
    expect(valueOf(obs, COMPONENT.doseRpTotal).valueQuantity.value).toBeCloseTo(study.totals.doseRpTotalGy * 1000, 6);
    expect(valueOf(obs, COMPONENT.dapTotal).valueQuantity.value).toBeCloseTo(study.totals.dapTotalGyCm2 * 1000, 6);
    expect(valueOf(obs, COMPONENT.irradiationEventCount).valueInteger).toBe(10);
    if (study.peakSkinDose.status === 'calculated') expect(obs.valueString).toContain(`Peak skin dose (Kerma estimate): ${study.peakSkinDose.psdGy} Gy`);
    else expect(obs.valueString).toContain('Peak skin dose: ');
  });

  it('exports a mammography study with its accumulated average glandular dose', async () => {
    const obs = observationOf(await bundleOf(mammography.study.studyInstanceUid));
    const highest = Math.max(...mammography.accumulatedAverageGlandularDose.map((a) => a.doseMGy));
    expect(valueOf(obs, COMPONENT.accumulatedAgd).valueQuantity).toMatchObject({ value: highest, code: 'mGy' });
  });

  it('gives a transaction bundle on request, 400 for another type or parameter, 404 for an unknown study', async () => {
    const tx = await bundleOf(ct.study.studyInstanceUid, '?type=transaction');
    expect(tx.type).toBe('transaction');
    expect(tx.entry.every((e: Json) => e.request?.method === 'POST')).toBe(true);
    expect((await get(ct.study.studyInstanceUid, '?type=searchset')).status).toBe(400);
    expect((await get(ct.study.studyInstanceUid, '?format=xml')).status).toBe(400);
    expect((await get('1.2.3.999')).status).toBe(404);
  });
});
