import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSingleProcessApp, type SingleProcessApp } from '@kerma/all-in-one';
import { checkRadiationDoseSummaryIg, radiationDoseBundle, type FhirResource, type FhirStudyInput } from '@kerma/fhir';
import {
  buildCtDoseReportSpec,
  buildMammographyReportSpec,
  buildProjectionRadiographyReportSpec,
  findFreePort,
  generateCtDoseReport,
  generateMammographyReport,
  generateProjectionRadiographyReport,
  generateRdsr,
  procedureSpec,
} from '@kerma/testing';
import { errorsOf, FhirValidatorProcess } from '../support/fhir-validator';
import { stow, storedCount } from '../support/stow-client';

/**
 * Generated CT, fluoroscopy, radiography and mammography studies go through Kerma; the FHIR bundles its history
 * service exports must pass HAPI FHIR's R4 validator without a single error, and the IG checks encoded by hand.
 */
describe('FHIR export validated by HAPI FHIR (R4 core)', () => {
  let validator: FhirValidatorProcess;
  let kerma: SingleProcessApp;
  let dataDir: string;
  const ct = buildCtDoseReportSpec({ seed: 71, acquisitions: 3 });
  const radiography = buildProjectionRadiographyReportSpec({ seed: 72, exposures: 3 });
  const mammography = buildMammographyReportSpec({ seed: 73 });
  const fluoroscopy = procedureSpec({ seed: 74, events: 12 });
  const studies = [
    ['CT', ct.study.studyInstanceUid],
    ['radiography', radiography.study.studyInstanceUid],
    ['mammography', mammography.study.studyInstanceUid],
    ['fluoroscopy', fluoroscopy.study.studyInstanceUid],
  ] as const;

  beforeAll(async () => {
    validator = await FhirValidatorProcess.start();
    dataDir = mkdtempSync(join(tmpdir(), 'kerma-int-fhir-'));
    kerma = await startSingleProcessApp({ port: await findFreePort(), host: '127.0.0.1', dataDir, defaultSite: 'fhir' });
    const reports = [generateCtDoseReport(ct), generateProjectionRadiographyReport(radiography), generateMammographyReport(mammography), generateRdsr(fluoroscopy)];
    const result = await stow(kerma.url, reports, 'imaging-1');
    expect(storedCount(result)).toBe(reports.length);
    await kerma.bus.drain();
  }, 300_000);

  afterAll(async () => {
    await kerma?.app.close();
    await validator?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const exported = async (uid: string, type = 'collection'): Promise<FhirResource> => {
    const response = await fetch(`${kerma.url}/fhir/studies/${uid}/radiation-dose-summary?type=${type}`);
    expect(response.status).toBe(200);
    return (await response.json()) as FhirResource;
  };

  it.each(studies)('%s: the collection and the transaction bundle have no error-level issue', async (_kind, uid) => {
    for (const type of ['collection', 'transaction']) {
      const bundle = await exported(uid, type);
      expect([type, errorsOf(await validator.validate(bundle))]).toEqual([type, []]);
      expect(checkRadiationDoseSummaryIg(bundle).filter((f) => f.severity === 'error')).toEqual([]);
    }
  });

  it('bundles with unknown patient, date, device and DLP (data-absent reasons) pass too', async () => {
    const unknowns: FhirStudyInput = {
      studyInstanceUid: '1.2.826.0.1.3680043.10.9.1',
      patient: { id: null, issuer: null },
      studyDateTime: null,
      device: null,
      reports: [],
      kind: 'ct',
      figuresFinal: false,
      totals: null,
      ct: { dlpTotalMGyCm: null, dlpTotalSource: null, ctdiVolMaxMGy: null, acquisitionCount: 0, acquisitions: [] },
      mammography: null,
      peakSkinDose: { status: 'not-applicable', psdGy: null, reason: 'CT' },
    };
    expect(errorsOf(await validator.validate(radiationDoseBundle(unknowns)))).toEqual([]);
  });

  it('the validator does report errors: a broken bundle is refused', async () => {
    const bundle = await exported(ct.study.studyInstanceUid);
    const broken = { ...bundle, type: 'not-a-bundle-type', entry: [...(bundle.entry as object[]), { fullUrl: 'urn:uuid:x' }] };
    expect(errorsOf(await validator.validate(broken)).length).toBeGreaterThanOrEqual(2);
  });
});
