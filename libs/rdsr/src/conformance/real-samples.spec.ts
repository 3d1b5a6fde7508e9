import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDoseReport } from '../parse-dose-report';
import type { Procedure } from '../model/procedure';

/** Reference values from the samples' README (extracted independently with pydicom and DCMTK). */
const SAMPLES_DIR = process.env['KERMA_SAMPLES_DIR'] ?? path.resolve(__dirname, '../../../../../shared/rdsr-samples');

interface Expected {
  readonly file: string;
  readonly manufacturer: string;
  readonly eventsPerPlane: Record<string, number>;
  readonly dapSumGyM2: number;
  readonly doseRpSumGy: number;
  readonly totals: { plane: string; dapGyM2: number; doseRpGy: number; fluoroTimeS: number }[];
}

const EXPECTED: readonly Expected[] = [
  {
    file: 'siemens_axiom_example_procedure.dcm',
    manufacturer: 'Siemens',
    eventsPerPlane: { single: 24 },
    dapSumGyM2: 2.7899e-4,
    doseRpSumGy: 0.01401,
    totals: [{ plane: 'single', dapGyM2: 2.7902e-4, doseRpGy: 0.01406, fluoroTimeS: 74 }],
  },
  {
    file: 'philips_allura_clarity_u104.dcm',
    manufacturer: 'Philips',
    eventsPerPlane: { A: 25 },
    dapSumGyM2: 6.59055312238e-6,
    doseRpSumGy: 7.09366391175e-4,
    totals: [
      { plane: 'A', dapGyM2: 7.8391324289e-6, doseRpGy: 7.0936639118e-4, fluoroTimeS: 37 },
      { plane: 'B', dapGyM2: 0, doseRpGy: 0, fluoroTimeS: 0 },
    ],
  },
  {
    file: 'philips_allura_clarity_u601.dcm',
    manufacturer: 'Philips',
    eventsPerPlane: { single: 29 },
    dapSumGyM2: 9.64908514495e-6,
    doseRpSumGy: 5.52845528451e-3,
    totals: [{ plane: 'single', dapGyM2: 1.0925838852e-5, doseRpGy: 5.52845528455e-3, fluoroTimeS: 55 }],
  },
];

const RELATIVE = 1e-9;
function expectClose(actual: number | null | undefined, expected: number): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(Math.abs(expected) * RELATIVE);
}

const present = existsSync(SAMPLES_DIR);
if (!present) console.warn(`real RDSR samples not found at ${SAMPLES_DIR}; set KERMA_SAMPLES_DIR to run the conformance tests`);
const describeIfSamples = present ? describe : describe.skip;

describeIfSamples('conformance on real vendor RDSRs', () => {
  describe.each(EXPECTED)('$file', (expected) => {
    let procedure: Procedure;
    beforeAll(() => {
      const outcome = parseDoseReport(new Uint8Array(readFileSync(path.join(SAMPLES_DIR, expected.file))));
      if (!outcome.ok) throw new Error(`${expected.file}: ${outcome.error.code} ${outcome.error.message}`);
      procedure = outcome.procedure;
    });

    it('reads the device and kind', () => {
      expect(procedure.device.manufacturer).toBe(expected.manufacturer);
      expect(procedure.kind).toBe('projection-xray');
    });

    it('counts events per plane', () => {
      const counts = Object.fromEntries(procedure.eventSums.map((s) => [s.plane, s.eventCount]));
      expect(counts).toEqual(expected.eventsPerPlane);
      expect(procedure.events).toHaveLength(Object.values(expected.eventsPerPlane).reduce((a, b) => a + b, 0));
    });

    it('sums event DAP and Ka,r to the reference values', () => {
      const dap = procedure.eventSums.reduce((a, s) => a + (s.dapSumGyM2 ?? 0), 0);
      const kar = procedure.eventSums.reduce((a, s) => a + (s.doseRpSumGy ?? 0), 0);
      expectClose(dap, expected.dapSumGyM2);
      expectClose(kar, expected.doseRpSumGy);
    });

    it('keeps the device totals apart and equal to the reference values', () => {
      for (const t of expected.totals) {
        const plane = procedure.planes.find((p) => p.plane === t.plane);
        expect(plane).toBeDefined();
        expect(plane!.dapTotalGyM2!.value).toBeCloseTo(t.dapGyM2, 15);
        if (t.dapGyM2 !== 0) expectClose(plane!.dapTotalGyM2!.value, t.dapGyM2);
        if (t.doseRpGy !== 0) expectClose(plane!.doseRpTotalGy!.value, t.doseRpGy);
        else expect(plane!.doseRpTotalGy!.value).toBe(0);
        expect(plane!.fluoroTimeTotalS!.value).toBe(t.fluoroTimeS);
      }
    });

    it('gives every event a UID, a type and a DAP', () => {
      for (const e of procedure.events) {
        expect(e.uid).toMatch(/^[0-9.]+$/);
        expect(e.type).not.toBe('unknown');
        expect(e.dapGyM2).not.toBeNull();
      }
    });
  });

  it('Siemens: DAP converted from Gym2, patient position from the root comment, iiDiameter as detector field', () => {
    const p = parseOk('siemens_axiom_example_procedure.dcm');
    expect(p.events[0]!.dapGyM2).toMatchObject({ provenance: 'converted', note: 'from Gym2' });
    expect(p.events[0]!.exposureMAs).toMatchObject({ value: 9.706, provenance: 'converted', note: 'from uAs' });
    expect(p.patientPosition).toMatchObject({ code: 'HFS', provenance: 'vendor-private' });
    expect(p.events[0]!.detectorFieldSizeMm).toMatchObject({ value: 480, provenance: 'vendor-private' });
    expect(p.events.every((e) => (e.detectorFieldSizeMm?.value ?? 0) > 0)).toBe(true);
    expect(p.adaptersApplied).toEqual(expect.arrayContaining(['siemens/patient-position-from-root-comment', 'siemens/detector-field-from-comment-iiDiameter']));
  });

  it('Philips Allura: private table height, final source-to-detector distance, shutters → collimated field', () => {
    const p = parseOk('philips_allura_clarity_u104.dcm');
    const e = p.events[0]!;
    expect(e.tableHeightPositionMm).toMatchObject({ value: 791, provenance: 'vendor-private' });
    expect(e.distanceSourceToDetectorMm).toMatchObject({ value: 1195, provenance: 'vendor-private' });
    // Shutters 130 + 130 mm and 163.5 + 163.5 mm at 1 m, projected to 1195 mm.
    expect(e.collimatedFieldWidthMm!.value).toBeCloseTo(260 * 1.195, 9);
    expect(e.collimatedFieldHeightMm!.value).toBeCloseTo(327 * 1.195, 9);
    expect(e.collimatedFieldAreaM2).toMatchObject({ provenance: 'derived' });
    expect(e.referencePoint).toEqual({ code: null, text: '15cm below BeamIsocenter' });
    expect(e.patientTableRelationship).toBe('headfirst');
    expect(e.patientOrientationModifier).toBe('supine');
    expect(e.filters.map((f) => f.materialName)).toEqual(['copper', 'aluminum']);
    expect(p.study.scopeOfAccumulation?.value).toBe('113016');
  });

  function parseOk(file: string): Procedure {
    const outcome = parseDoseReport(new Uint8Array(readFileSync(path.join(SAMPLES_DIR, file))));
    if (!outcome.ok) throw new Error(outcome.error.message);
    return outcome.procedure;
  }
});
