import { buildDoseScreenSpec, buildHeaderDoseImageSpec, generateDoseScreen, generateHeaderDoseImage, generateNonDoseDicom } from '@kerma/testing';
import type { Procedure } from './model/procedure';
import { identifyDicomObject } from './identify-dicom-object';
import { parseDoseReport } from './parse-dose-report';

function parse(bytes: Uint8Array): Procedure {
  const out = parseDoseReport(bytes);
  if (!out.ok) throw new Error(out.error.message);
  return out.procedure;
}

describe('parseDoseReport on image headers with dose attributes', () => {
  it('reads a DX header as one radiography event: DAP from dGy·cm², kVp, mA, ms, mAs, distances, entrance dose', () => {
    const spec = buildHeaderDoseImageSpec({ seed: 31, modality: 'DX' });
    const p = parse(generateHeaderDoseImage(spec));
    expect(p).toMatchObject({ kind: 'radiography', source: 'image-header', planes: [], ct: null, mammography: null, nuclearMedicine: null });
    expect(p.study).toMatchObject({ sopClassKind: 'image', sopInstanceUid: spec.sopInstanceUid, studyInstanceUid: spec.study.studyInstanceUid });
    expect(p.events).toHaveLength(1);
    const e = p.events[0]!;
    expect(e.uid).toBe(spec.sopInstanceUid);
    expect(e.dapGyM2!.value).toBeCloseTo(spec.dapDGyCm2! * 1e-5, 15);
    expect(e.dapGyM2!.provenance).toBe('image-header');
    expect(e.dapGyM2!.note).toContain('0018,115E');
    expect(e).toMatchObject({
      kvp: { value: spec.kvp },
      tubeCurrentMA: { value: spec.tubeCurrentMA },
      exposureTimeMs: { value: spec.exposureTimeMs },
      exposureMAs: { value: spec.exposureMAs },
    });
    expect(e.distanceSourceToDetectorMm!.value).toBe(spec.distanceSourceToDetectorMm);
    expect(e.doseRpGy).toBeNull();
    expect(e.imageHeader).toMatchObject({
      bodyPartExamined: 'CHEST',
      viewPosition: 'PA',
      entranceDoseMGy: { value: spec.entranceDoseMGy },
      distanceSourceToPatientMm: { value: spec.distanceSourceToPatientMm },
    });
    expect(p.eventSums[0]!.dapSumGyM2).toBeCloseTo(spec.dapDGyCm2! * 1e-5, 15);
  });

  it('reads an MG header: mean glandular dose from Organ Dose (dGy) as the breast’s dose, thickness, force, anode, filter', () => {
    const spec = buildHeaderDoseImageSpec({ seed: 32, modality: 'MG', index: 1 });
    const p = parse(generateHeaderDoseImage(spec));
    expect(p.kind).toBe('mammography');
    expect(p.mammography!.accumulatedAverageGlandularDose).toEqual([
      { laterality: 'left', doseMGy: { value: expect.closeTo(spec.organDoseDGy! * 100, 12), provenance: 'image-header', note: 'Organ Dose (0040,0316), dGy' } },
    ]);
    expect(p.events[0]!.imageHeader).toMatchObject({
      laterality: 'L',
      bodyPartThicknessMm: { value: spec.bodyPartThicknessMm },
      compressionForceN: { value: spec.compressionForceN },
      anodeTargetMaterial: 'TUNGSTEN',
      filterMaterial: 'RHODIUM',
    });
  });

  it.each(['RF', 'XA', 'CR'] as const)('reads a %s header', (modality) => {
    const p = parse(generateHeaderDoseImage(buildHeaderDoseImageSpec({ seed: 33, modality })));
    expect(p.kind).toBe(modality === 'CR' ? 'radiography' : 'projection-xray');
    expect(p.events[0]!.dapGyM2).not.toBeNull();
  });

  it('identifies an image with a dose attribute as a dose object, and one without as not, naming what is missing', () => {
    expect(identifyDicomObject(generateHeaderDoseImage())).toMatchObject({ ok: true, identity: { isDoseReport: true } });
    const bare = identifyDicomObject(generateHeaderDoseImage(buildHeaderDoseImageSpec({ withoutDose: true })));
    expect(bare).toMatchObject({
      ok: true,
      identity: { isDoseReport: false, notDoseReason: expect.stringContaining('Image and Fluoroscopy Area Dose Product (0018,115E)') },
    });
    expect(parseDoseReport(generateHeaderDoseImage(buildHeaderDoseImageSpec({ withoutDose: true })))).toMatchObject({
      ok: false,
      error: { code: 'not-a-dose-report' },
    });
    // A CT image is not among the header-dose classes.
    expect(identifyDicomObject(generateNonDoseDicom('ct-image'))).toMatchObject({ ok: true, identity: { isDoseReport: false } });
  });
});

describe('parseDoseReport on CT dose screens (secondary capture)', () => {
  it('reads the Philips "Total DLP=" of Comments on Radiation Dose as the CT DLP total', () => {
    const spec = buildDoseScreenSpec({ seed: 41, vendor: 'philips' });
    const p = parse(generateDoseScreen(spec));
    expect(p).toMatchObject({ kind: 'ct', source: 'dose-screen', events: [] });
    expect(p.study.sopClassKind).toBe('secondary-capture');
    expect(p.ct!.totals.dlpTotalMGyCm).toMatchObject({ value: spec.dlpTotalMGyCm, provenance: 'dose-screen' });
    expect(p.ct!.totals.dlpTotalMGyCm!.note).toContain('Comments on Radiation Dose (0040,0310)');
    expect(p.ct!.acquisitions).toEqual([]);
  });

  it.each(['siemens', 'ge'] as const)('reads the %s dose text of Image Comments: DLP total and per-series CTDIvol and DLP', (vendor) => {
    const spec = buildDoseScreenSpec({ seed: 42, vendor });
    const p = parse(generateDoseScreen(spec));
    expect(p.ct!.totals.dlpTotalMGyCm!.value).toBe(spec.dlpTotalMGyCm);
    expect(p.ct!.acquisitions.map((a) => [a.protocol, a.ctdiVolMGy?.value, a.dlpMGyCm?.value])).toEqual(
      spec.series.map((s) => [s.label, s.ctdiVolMGy, s.dlpMGyCm]),
    );
  });

  it('refuses a screen whose text has no DLP total, naming what was missing', () => {
    const bytes = generateDoseScreen(buildDoseScreenSpec({ seed: 43, textOverride: 'Patient Protocol, see image' }));
    expect(identifyDicomObject(bytes)).toMatchObject({
      ok: true,
      identity: { isDoseReport: false, notDoseReason: expect.stringContaining('no "Total DLP" figure') },
    });
    expect(parseDoseReport(bytes)).toMatchObject({ ok: false, error: { code: 'not-a-dose-report', message: expect.stringContaining('Total DLP') } });
  });
});
