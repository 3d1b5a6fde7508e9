import { parseDoseReport, type Procedure } from '@kerma/rdsr';
import {
  buildCtDoseReportSpec,
  buildDoseScreenSpec,
  buildHeaderDoseImageSpec,
  buildMammographyReportSpec,
  buildRadiopharmaceuticalReportSpec,
  generateDoseScreen,
  generateHeaderDoseImage,
  generateRadiopharmaceuticalDoseReport,
  generateCtDoseReport,
  generateMammographyReport,
  generateProjectionRadiographyReport,
  generateRdsr,
  procedureSpec,
} from '@kerma/testing';
import { peakSkinDoseFigure } from './peak-skin-dose';
import { skinDoseApplicability } from './skin-dose-applicability';
import { studyDoseFigures, sumKnown } from './study-dose-figures';

function parse(bytes: Uint8Array): Procedure {
  const outcome = parseDoseReport(bytes);
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.procedure;
}
const projection = (options: Parameters<typeof procedureSpec>[0]) => parse(generateRdsr(procedureSpec(options)));

describe('studyDoseFigures: projection totals', () => {
  it('adds the device totals of both planes, in Gy·cm² and s, and keeps the event sums beside them', () => {
    const p = projection({ seed: 21, events: 12, biplane: true });
    const f = studyDoseFigures(p);
    const sum = (pick: (t: (typeof p.planes)[number]) => number | undefined) => p.planes.reduce((s, t) => s + (pick(t) ?? 0), 0);
    expect(f.perPlane.map((x) => x.plane).sort()).toEqual(['A', 'B']);
    expect(f.doseRpTotalGy).toBeCloseTo(
      sum((t) => t.doseRpTotalGy?.value),
      12,
    );
    expect(f.dapTotalGyCm2).toBeCloseTo(sum((t) => t.dapTotalGyM2?.value) * 1e4, 9);
    expect(f.fluoroTimeTotalS).toBeCloseTo(
      sum((t) => t.fluoroTimeTotalS?.value),
      12,
    );
    expect(f.eventCount).toBe(12);
    expect(f.perPlane.reduce((n, x) => n + x.eventCount, 0)).toBe(12);
  });

  it('uses the device total, not the event sum, when they differ', () => {
    const f = studyDoseFigures(projection({ seed: 22, events: 5, planeTotals: { single: { doseRpTotalGy: 6 } } }));
    expect(f.doseRpTotalGy).toBe(6);
    expect(f.perPlane[0]!.doseRpEventSumGy).not.toBeCloseTo(6, 6);
  });

  it('falls back to the sums of events, fluoroscopy time included, when a plane has no device totals', () => {
    const p = projection({ seed: 24, events: 8 });
    const bare = { ...p, planes: p.planes.map((t) => ({ ...t, doseRpTotalGy: null, dapTotalGyM2: null, fluoroTimeTotalS: null })) };
    const fluoroS = p.events.filter((e) => e.type === 'fluoroscopy').reduce((s, e) => s + (e.irradiationDurationS?.value ?? 0), 0);
    expect(fluoroS).toBeGreaterThan(0);
    const f = studyDoseFigures(bare);
    expect(f.doseRpTotalGy).toBeCloseTo(p.eventSums[0]!.doseRpSumGy!, 12);
    expect(f.dapTotalGyCm2).toBeCloseTo(p.eventSums[0]!.dapSumGyM2! * 1e4, 9);
    expect(f.fluoroTimeTotalS).toBeCloseTo(fluoroS, 12);
  });

  it('is null, never 0, when neither a total nor an event gives the figure', () => {
    const p = projection({ seed: 25, events: 4 });
    const bare = {
      ...p,
      planes: p.planes.map((t) => ({ ...t, fluoroTimeTotalS: null })),
      events: p.events.map((e) => ({ ...e, irradiationDurationS: null })),
    };
    expect(studyDoseFigures(bare).fluoroTimeTotalS).toBeNull();
  });
});

describe('studyDoseFigures: CT and mammography', () => {
  it('gives CTDIvol, DLP, phantom, scanning length and protocol per acquisition, and the DLP total', () => {
    const spec = buildCtDoseReportSpec({ seed: 6, acquisitions: 3 });
    const f = studyDoseFigures(parse(generateCtDoseReport(spec)));
    expect(f.kind).toBe('ct');
    expect(f.ct).toMatchObject({ dlpTotalMGyCm: spec.dlpTotalMGyCm, dlpTotalSource: 'device-total', acquisitionCount: 3 });
    expect(f.ct!.ctdiVolMaxMGy).toBe(Math.max(...spec.acquisitions.map((a) => a.ctdiVolMGy)));
    f.ct!.acquisitions.forEach((a, i) => {
      const truth = spec.acquisitions[i]!;
      expect(a).toMatchObject({
        protocol: truth.protocol,
        ctdiVolMGy: truth.ctdiVolMGy,
        dlpMGyCm: truth.dlpMGyCm,
        scanningLengthMm: truth.scanningLengthMm,
        kvp: truth.kvp,
      });
      expect(a.phantom).toMatch(truth.phantom === 'head' ? /Head/ : /Body/);
    });
    expect(f.mammography).toBeNull();
    expect(f.doseRpTotalGy).toBeNull();
  });

  it("sums the acquisitions' DLP only when the scanner gives no total and every acquisition has one", () => {
    const p = parse(generateCtDoseReport(buildCtDoseReportSpec({ seed: 7, acquisitions: 2 })));
    const noTotal = { ...p, ct: { ...p.ct!, totals: { ...p.ct!.totals, dlpTotalMGyCm: null } } };
    const sum = p.ct!.acquisitions.reduce((s, a) => s + a.dlpMGyCm!.value, 0);
    expect(studyDoseFigures(noTotal).ct).toMatchObject({ dlpTotalSource: 'sum-of-acquisitions' });
    expect(studyDoseFigures(noTotal).ct!.dlpTotalMGyCm).toBeCloseTo(sum, 9);
    const oneUnknown = { ...noTotal, ct: { ...noTotal.ct, acquisitions: [{ ...p.ct!.acquisitions[0]!, dlpMGyCm: null }, p.ct!.acquisitions[1]!] } };
    expect(studyDoseFigures(oneUnknown).ct).toMatchObject({ dlpTotalMGyCm: null, dlpTotalSource: null });
  });

  it('gives the accumulated average glandular dose per laterality', () => {
    const spec = buildMammographyReportSpec({ seed: 8 });
    const f = studyDoseFigures(parse(generateMammographyReport(spec)));
    expect(f.kind).toBe('mammography');
    expect(f.mammography!.accumulatedAgd).toEqual(spec.accumulatedAverageGlandularDose.map((a) => ({ laterality: a.laterality, doseMGy: a.doseMGy })));
  });
});

describe('skin dose applicability and the PSD figure', () => {
  it('applies to fluoroscopy with events only; every other kind says why not', () => {
    expect(skinDoseApplicability(projection({ seed: 1, events: 3 }))).toEqual({ applicable: true });
    expect(skinDoseApplicability(parse(generateCtDoseReport()))).toMatchObject({ applicable: false, code: 'ct' });
    expect(skinDoseApplicability(parse(generateMammographyReport()))).toMatchObject({ applicable: false, code: 'mammography' });
    expect(skinDoseApplicability(parse(generateProjectionRadiographyReport()))).toMatchObject({ applicable: false, code: 'radiography' });
    expect(skinDoseApplicability({ kind: 'projection-xray', source: 'rdsr', events: [] })).toMatchObject({ applicable: false, code: 'no-irradiation-events' });
  });

  it('is the PSD when calculated, and null with a reason otherwise — never 0', () => {
    const ct = skinDoseApplicability(parse(generateCtDoseReport()));
    expect(peakSkinDoseFigure({ applicable: true }, { psdGy: 2.5 })).toEqual({ status: 'calculated', psdGy: 2.5, reason: null });
    expect(peakSkinDoseFigure({ applicable: true }, null)).toEqual({ status: 'pending', psdGy: null, reason: 'the skin dose is not computed yet' });
    expect(peakSkinDoseFigure(ct, { psdGy: 0 })).toEqual({ status: 'not-applicable', psdGy: null, reason: expect.stringMatching(/^CT: /) });
  });
});

describe('sumKnown', () => {
  it('sums the known values and counts the unknown ones', () => {
    expect(sumKnown([1, null, 2.5, undefined])).toEqual({ value: 3.5, unknown: 2 });
    expect(sumKnown([null, null])).toEqual({ value: null, unknown: 2 });
    expect(sumKnown([])).toEqual({ value: null, unknown: 0 });
  });

  it('leaves no floating-point noise in sums of decimal values, and keeps every reported digit', () => {
    expect(2.7898 + 0.0001).not.toBe(2.7899);
    expect(sumKnown([2.7898, 0.0001]).value).toBe(2.7899);
    expect(sumKnown([0.1, 0.2]).value).toBe(0.3);
    expect(sumKnown([1234.56789, 0.00001]).value).toBe(1234.5679);
  });
});

describe('studyDoseFigures of dose objects that are not X-ray dose reports', () => {
  const read = (bytes: Uint8Array) => {
    const out = parseDoseReport(bytes);
    if (!out.ok) throw new Error(out.error.message);
    return out.procedure;
  };

  it('gives a nuclear-medicine study its administrations, Σ activity and Σ effective dose; skin dose not applicable', () => {
    const spec = buildRadiopharmaceuticalReportSpec({ seed: 61 });
    const f = studyDoseFigures(read(generateRadiopharmaceuticalDoseReport(spec)));
    expect(f).toMatchObject({ kind: 'nuclear-medicine', source: 'rdsr', doseRpTotalGy: null, dapTotalGyCm2: null, eventCount: 0, ct: null, mammography: null });
    expect(f.nuclearMedicine).toEqual({
      administeredActivityTotalMBq: spec.administrations[0]!.administeredActivityMBq,
      administrationsWithoutActivity: 0,
      effectiveDoseTotalMSv: 4.75,
      administrations: [
        {
          agent: 'Fluorodeoxyglucose F^18^',
          radionuclide: '^18^Fluorine',
          administeredActivityMBq: spec.administrations[0]!.administeredActivityMBq,
          route: 'Intravenous route',
          startDateTime: expect.stringMatching(/T09:15:00$/),
          stopDateTime: expect.stringMatching(/T09:15:30$/),
          effectiveDoseMSv: 4.75,
          organDoses: [
            { organ: 'Urinary bladder', doseMGy: 32.5 },
            { organ: 'Brain', doseMGy: 9.5 },
          ],
        },
      ],
    });
    expect(f.skinDose).toMatchObject({ applicable: false, code: 'nuclear-medicine' });
  });

  it('leaves the effective dose total null when the report gives none (never 0)', () => {
    const f = studyDoseFigures(read(generateRadiopharmaceuticalDoseReport(buildRadiopharmaceuticalReportSpec({ seed: 62, withDoses: false }))));
    expect(f.nuclearMedicine!.effectiveDoseTotalMSv).toBeNull();
  });

  it('gives header figures (DAP in Gy·cm²) with source image-header, and no skin dose for a header-only fluoroscopy study', () => {
    const spec = buildHeaderDoseImageSpec({ seed: 63, modality: 'RF' });
    const f = studyDoseFigures(read(generateHeaderDoseImage(spec)));
    expect(f).toMatchObject({ kind: 'projection-xray', source: 'image-header', eventCount: 1, doseRpTotalGy: null });
    expect(f.dapTotalGyCm2).toBeCloseTo(spec.dapDGyCm2! / 10, 12);
    expect(f.skinDose).toMatchObject({ applicable: false, code: 'no-dose-report' });
  });

  it('gives a dose screen its CT DLP total', () => {
    const f = studyDoseFigures(read(generateDoseScreen(buildDoseScreenSpec({ seed: 64 }))));
    expect(f).toMatchObject({ kind: 'ct', source: 'dose-screen', ct: { dlpTotalMGyCm: 583.75, dlpTotalSource: 'device-total' } });
  });
});

describe('studyDoseFigures: SSDE per CT acquisition', () => {
  it('gives the AAPM 204 SSDE where the report gives the patient size, and null with the reason where not', () => {
    const spec = buildCtDoseReportSpec({ seed: 65, acquisitions: 2, patientSizeMm: { lateral: 360, ap: 250 } });
    const out = parseDoseReport(generateCtDoseReport(spec));
    if (!out.ok) throw new Error(out.error.message);
    const acquisitions = studyDoseFigures(out.procedure).ct!.acquisitions;
    acquisitions.forEach((a, i) => {
      const f = spec.acquisitions[i]!.phantom === 'head' ? 1.874799 * Math.exp(-0.03871313 * 30) : 3.704369 * Math.exp(-0.03671937 * 30);
      expect(a.ssde).toMatchObject({ diameterCm: 30, method: 'aapm-204-lateral-and-ap' });
      expect(a.ssde.ssdeMGy).toBeCloseTo(f * spec.acquisitions[i]!.ctdiVolMGy, 10);
    });
    const none = parseDoseReport(generateCtDoseReport(buildCtDoseReportSpec({ seed: 66, acquisitions: 1 })));
    if (!none.ok) throw new Error(none.error.message);
    expect(studyDoseFigures(none.procedure).ct!.acquisitions[0]!.ssde).toEqual({ ssdeMGy: null, reason: expect.stringContaining('patient size is unknown') });
  });
});

describe('studyDoseFigures of a procedure kept before source existed', () => {
  it('reads it as a dose report: skin dose applicable', () => {
    const out = parseDoseReport(generateRdsr(procedureSpec({ seed: 67, events: 2 })));
    if (!out.ok) throw new Error(out.error.message);
    const { source: _s, nuclearMedicine: _n, ...older } = out.procedure;
    const f = studyDoseFigures(older as unknown as Procedure);
    expect(f.source).toBe('rdsr');
    expect(f.nuclearMedicine).toBeNull();
    expect(f.skinDose).toEqual({ applicable: true });
  });
});
