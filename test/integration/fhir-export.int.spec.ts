import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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
import { stow, storedCount } from '@kerma/testing';

const SAMPLES_DIR = process.env.KERMA_SAMPLES_DIR ?? resolve(__dirname, '../../../shared/rdsr-samples');
const SAMPLES = existsSync(SAMPLES_DIR) ? readdirSync(SAMPLES_DIR).filter((f) => f.endsWith('.dcm')) : [];
if (SAMPLES.length === 0) console.warn(`real RDSR samples not found at ${SAMPLES_DIR}; set KERMA_SAMPLES_DIR to validate their FHIR export too`);

/**
 * Generated CT, fluoroscopy, radiography and mammography studies go through Kerma; the FHIR bundles its history
 * service exports must pass HAPI FHIR's R4 validator without a single error, and the IG checks encoded by hand.
 * Real vendor reports, when present, go through the same checks.
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
    const reports = [
      generateCtDoseReport(ct),
      generateProjectionRadiographyReport(radiography),
      generateMammographyReport(mammography),
      generateRdsr(fluoroscopy),
    ];
    const result = await stow(kerma.url, reports, 'imaging-1');
    expect(storedCount(result)).toBe(reports.length);
    if (SAMPLES.length > 0)
      expect(
        storedCount(
          await stow(
            kerma.url,
            SAMPLES.map((f) => readFileSync(join(SAMPLES_DIR, f))),
            'samples',
          ),
        ),
      ).toBe(SAMPLES.length);
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

  (SAMPLES.length > 0 ? it : it.skip)('real vendor reports: no error-level issue either', async () => {
    const page = (await (await fetch(`${kerma.url}/api/v1/studies?site=samples&limit=100`)).json()) as { studies: { studyInstanceUid: string }[] };
    expect(page.studies.length).toBeGreaterThan(0);
    for (const { studyInstanceUid } of page.studies) {
      const bundle = await exported(studyInstanceUid);
      expect([studyInstanceUid, errorsOf(await validator.validate(bundle))]).toEqual([studyInstanceUid, []]);
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
