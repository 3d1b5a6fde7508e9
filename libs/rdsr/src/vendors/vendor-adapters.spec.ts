import { generateRdsr, procedureSpec, type IrradiationEventSpec, type ProcedureSpec, type RdsrVendor } from '@kerma/testing';
import type { IrradiationEvent, Procedure, Quantity } from '../model/procedure';
import { parseDoseReport } from '../parse-dose-report';

function parse(spec: ProcedureSpec): Procedure {
  const outcome = parseDoseReport(generateRdsr(spec));
  if (!outcome.ok) throw new Error(`${spec.vendor}: ${outcome.error.code} ${outcome.error.message}`);
  return outcome.procedure;
}

/** Spec field → model field for every numeric quantity of an event. */
const NUMERIC_FIELDS: readonly (readonly [keyof IrradiationEventSpec, keyof IrradiationEvent])[] = [
  ['doseRpGy', 'doseRpGy'],
  ['dapGyM2', 'dapGyM2'],
  ['kvp', 'kvp'],
  ['tubeCurrentMA', 'tubeCurrentMA'],
  ['pulseWidthMs', 'pulseWidthMs'],
  ['pulseRatePerS', 'pulseRatePerS'],
  ['numberOfPulses', 'numberOfPulses'],
  ['irradiationDurationS', 'irradiationDurationS'],
  ['exposureTimeMs', 'exposureTimeMs'],
  ['exposureMAs', 'exposureMAs'],
  ['focalSpotSizeMm', 'focalSpotSizeMm'],
  ['primaryAngleDeg', 'positionerPrimaryAngleDeg'],
  ['secondaryAngleDeg', 'positionerSecondaryAngleDeg'],
  ['primaryEndAngleDeg', 'positionerPrimaryEndAngleDeg'],
  ['secondaryEndAngleDeg', 'positionerSecondaryEndAngleDeg'],
  ['tableLongitudinalMm', 'tableLongitudinalPositionMm'],
  ['tableLateralMm', 'tableLateralPositionMm'],
  ['tableHeightMm', 'tableHeightPositionMm'],
  ['tableHeadTiltDeg', 'tableHeadTiltAngleDeg'],
  ['distanceSourceToIsocenterMm', 'distanceSourceToIsocenterMm'],
  ['distanceSourceToDetectorMm', 'distanceSourceToDetectorMm'],
  ['distanceSourceToReferencePointMm', 'distanceSourceToReferencePointMm'],
  ['collimatedFieldAreaM2', 'collimatedFieldAreaM2'],
  ['collimatedFieldHeightMm', 'collimatedFieldHeightMm'],
  ['collimatedFieldWidthMm', 'collimatedFieldWidthMm'],
  ['detectorFieldSizeMm', 'detectorFieldSizeMm'],
  ['patientEquivalentThicknessMm', 'patientEquivalentThicknessMm'],
  ['tableXPositionToIsocenterMm', 'tableXPositionToIsocenterMm'],
  ['tableYPositionToIsocenterMm', 'tableYPositionToIsocenterMm'],
  ['tableZPositionToIsocenterMm', 'tableZPositionToIsocenterMm'],
  ['positionerIsocenterPrimaryAngleDeg', 'positionerIsocenterPrimaryAngleDeg'],
  ['positionerIsocenterSecondaryAngleDeg', 'positionerIsocenterSecondaryAngleDeg'],
];

/** Fields a vendor adapter is expected to change relative to what the flavour writes. */
const ADAPTED: Partial<Record<RdsrVendor, ReadonlySet<keyof IrradiationEvent>>> = {
  'philips-azurion': new Set(['collimatedFieldAreaM2', 'collimatedFieldHeightMm', 'collimatedFieldWidthMm']),
};

function expectSame(actual: Quantity | null, expected: number, label: string): void {
  if (actual === null) throw new Error(`${label}: expected ${expected}, got null`);
  const tolerance = Math.max(Math.abs(expected) * 1e-9, 1e-15);
  if (Math.abs(actual.value - expected) > tolerance) throw new Error(`${label}: expected ${expected}, got ${actual.value}`);
}

const VENDORS: readonly RdsrVendor[] = ['standard', 'siemens', 'philips-allura', 'philips-azurion', 'ge-oec', 'canon', 'enhanced'];

describe.each(VENDORS)('generated %s report', (vendor) => {
  const spec = procedureSpec({ vendor, seed: 7, events: 30, biplane: vendor === 'philips-allura', rotationalRuns: 1, steppingRuns: 1 });
  const procedure = parse(spec);

  it('reads every event the flavour writes, value for value', () => {
    expect(procedure.events).toHaveLength(spec.events.length);
    spec.events.forEach((e, i) => {
      const got = procedure.events[i]!;
      expect(got.uid).toBe(e.uid);
      expect(got.plane).toBe(e.plane);
      expect(got.type).toBe(e.type);
      for (const [from, to] of NUMERIC_FIELDS) {
        const expected = e[from] as number | null;
        const actual = got[to] as Quantity | null;
        if (ADAPTED[vendor]?.has(to)) continue;
        if (expected === null) {
          if (actual !== null) expect(['vendor-private', 'derived']).toContain(actual.provenance);
        } else {
          expectSame(actual, expected, `${vendor} event ${i} ${String(to)}`);
        }
      }
      expect(got.patientTableRelationship).toBe(e.patientTableRelationship);
      expect(got.patientOrientationModifier).toBe(e.patientOrientationModifier);
      expect(got.filters.map((f) => f.materialName)).toEqual(e.filters.map((f) => f.material));
    });
  });

  it('keeps device totals and event sums as separate facts', () => {
    for (const t of spec.planes) {
      const plane = procedure.planes.find((p) => p.plane === t.plane)!;
      expectSame(plane.dapTotalGyM2, t.dapTotalGyM2, `${vendor} ${t.plane} DAP total`);
      expectSame(plane.doseRpTotalGy, t.doseRpTotalGy, `${vendor} ${t.plane} Ka,r total`);
      const sums = procedure.eventSums.find((s) => s.plane === t.plane)!;
      const ofPlane = spec.events.filter((e) => e.plane === t.plane);
      expect(sums.eventCount).toBe(ofPlane.length);
      const expectedKar = ofPlane.reduce((a, e) => a + (e.doseRpGy ?? 0), 0);
      expect(Math.abs(sums.doseRpSumGy! - expectedKar)).toBeLessThanOrEqual(expectedKar * 1e-9);
    }
  });

  it('reads the device, falling back to the observer context', () => {
    expect(procedure.device.manufacturer).toBe(spec.device.manufacturer);
    expect(procedure.device.modelName).toBe(spec.device.modelName);
    expect(procedure.device.deviceObserverUid).toBe(spec.device.deviceObserverUid);
  });
});

describe('vendor adapters', () => {
  const events = 10;
  const of = (vendor: RdsrVendor) => parse(procedureSpec({ vendor, seed: 3, events }));

  it('Siemens: patient position only from the root Comment XML, iiDiameter → detector field', () => {
    const spec = procedureSpec({ vendor: 'siemens', seed: 3, events, patientPosition: 'FFS' });
    const p = parse(spec);
    expect(p.patientPosition).toEqual({ code: 'FFS', provenance: 'vendor-private', note: expect.stringContaining('Comment') });
    expect(p.events.every((e) => e.detectorFieldSizeMm?.provenance === 'vendor-private')).toBe(true);
    expect(p.adaptersApplied).toContain('siemens/patient-position-from-root-comment');
    expect(p.events[0]!.dapGyM2!.note).toBe('from Gym2');
    expect(p.warnings.some((w) => w.startsWith('unit "Gym2" is not UCUM; read as "Gy.m2"'))).toBe(true);
  });

  it('Philips Allura: private table height and shutters, provenance says which item', () => {
    const p = of('philips-allura');
    const e = p.events[0]!;
    expect(e.tableHeightPositionMm?.note).toContain('99PHI-IXR-XPER 021');
    expect(e.collimatedFieldAreaM2?.provenance).toBe('derived');
    expect(e.collimatedFieldAreaM2!.value).toBeCloseTo((e.collimatedFieldWidthMm!.value * e.collimatedFieldHeightMm!.value) / 1e6, 12);
    expect(e.distanceSourceToDetectorMm).not.toBeNull();
    expect(p.adaptersApplied).toEqual(expect.arrayContaining(['philips-allura/private-table-height', 'philips-allura/collimated-field-from-private-shutters']));
  });

  it('Philips Azurion: zero field areas are missing with a warning; filter ranges are annotated', () => {
    const p = of('philips-azurion');
    expect(p.events.every((e) => e.collimatedFieldAreaM2 === null && e.collimatedFieldWidthMm === null)).toBe(true);
    expect(p.warnings.some((w) => w.includes('collimated field of 0'))).toBe(true);
    const ranged = p.events.flatMap((e) => e.filters).filter((f) => f.thicknessMinMm!.value !== f.thicknessMaxMm!.value);
    expect(ranged.length).toBeGreaterThan(0);
    expect(ranged.every((f) => f.thicknessMaxMm!.note?.includes('range'))).toBe(true);
  });

  it('GE OEC: empty measured values are missing (never 0), device UID read from TEXT', () => {
    const p = of('ge-oec');
    expect(p.events.every((e) => e.positionerPrimaryAngleDeg === null)).toBe(true);
    expect(p.device.deviceObserverUid).not.toBeNull();
    expect(p.adaptersApplied).toEqual(expect.arrayContaining(['ge-oec/empty-measured-values-as-missing', 'ge-oec/device-observer-uid-as-text']));
  });

  it('Canon: mis-nested rows are moved under their parents; mGy and dGy.cm2 are converted', () => {
    const p = of('canon');
    expect(p.events.every((e) => e.patientOrientationModifier !== null)).toBe(true);
    expect(p.study.scopeUid).not.toBeNull();
    expect(p.adaptersApplied).toContain('canon/orientation-modifier-nested-under-orientation');
    const notes = new Set(p.events.flatMap((e) => [e.dapGyM2?.note, e.doseRpGy?.note]));
    expect(notes).toEqual(new Set(['from dGy.cm2', 'from mGy']));
  });

  it('Enhanced X-Ray RDSR: isocenter geometry and frame of reference', () => {
    const p = of('enhanced');
    expect(p.study.sopClassKind).toBe('enhanced-xray-rdsr');
    expect(p.events.every((e) => e.tableXPositionToIsocenterMm !== null && e.positionerIsocenterPrimaryAngleDeg !== null)).toBe(true);
    expect(p.adaptersApplied).toContain('enhanced/isocenter-geometry');
  });

  it('the standard flavour needs no adapter', () => {
    expect(of('standard').adaptersApplied).toEqual([]);
  });
});
