import { computeSkinDose, GENERIC_PROFILE, type GeometryProfile } from '../index';
import { testEvent, testProcedure } from '../../test/procedure-builder';

/** Calibrated generic geometry: isocenter 100 mm above the mattress, 0.7 table transmission. */
const CALIBRATED: GeometryProfile = {
  ...GENERIC_PROFILE,
  id: 'test-calibrated',
  match: { manufacturer: '^Test Vendor$', model: '.*' },
  isocenter: { mode: 'table-origin', isocenterAtZeroMm: { x: 5, y: -605, z: 100 } },
};
const run = (events: Parameters<typeof testProcedure>[0]['events'], doseRpTotalGy?: Record<string, number>) =>
  computeSkinDose(testProcedure({ events, doseRpTotalGy }), { phantom: 'plane', profiles: [CALIBRATED] });

describe('events with dose but without Ka,r are estimated or listed, never dropped', () => {
  // 0.04 m² at the 1100 mm detector is 0.04 × (600/1100)² m² at the 600 mm reference point.
  const areaAtRefM2 = 0.04 * (600 / 1100) ** 2;

  it('derives Ka,r = DAP / collimated area at the reference point when Ka,r is 0, flagged', () => {
    const derived = run([testEvent({ kermaGy: 0, dapGyM2: 0.5 * areaAtRefM2 })]);
    const reported = run([testEvent({ kermaGy: 0.5, dapGyM2: 0.5 * areaAtRefM2 })]);
    expect(derived.psdGy).toBeCloseTo(reported.psdGy, 9);
    expect(derived.events.used).toBe(1);
    expect(derived.assumptions.find((a) => a.code === 'kerma-derived-from-dap')?.eventCount).toBe(1);
  });

  it('does the same when Ka,r is missing', () => {
    expect(run([testEvent({ kermaGy: null, dapGyM2: 0.5 * areaAtRefM2 })]).psdGy).toBeCloseTo(run([testEvent({ kermaGy: 0.5 })]).psdGy, 9);
  });

  it('lists an event it cannot estimate, with the reason and the DAP it carried', () => {
    const r = run([testEvent({ kermaGy: 0.2 }), testEvent({ kermaGy: 0, dapGyM2: 3e-6, fieldAreaM2: null }), testEvent({ kermaGy: null, dapGyM2: null })]);
    expect(r.events.used).toBe(1);
    expect(r.events.skipped).toEqual([
      { index: 1, reason: 'Dose (RP) 0 with DAP 0.000003 Gy·m²: no collimated field size to derive Ka,r from' },
      { index: 2, reason: 'no dose reported (Dose (RP) not reported, DAP not reported)' },
    ]);
  });

  it('estimates an event without angles from its DAP too', () => {
    const r = run([testEvent({ primaryDeg: null, kermaGy: 0, dapGyM2: 0.5 * areaAtRefM2 })]);
    expect(r.withoutGeometry?.kermaRpGy).toBeCloseTo(0.5, 9);
    expect(r.events.skipped).toEqual([]);
  });
});

describe('Σ event Ka,r reconciled with the device total', () => {
  it('flags a sum below the device Dose (RP) Total with both figures and the fraction missing', () => {
    const r = run([testEvent({ kermaGy: 0.01 }), testEvent({ kermaGy: 0.01 })], { single: 0.03 });
    expect(r.kermaReconciliation).toEqual([{ plane: 'single', deviceTotalGy: 0.03, eventSumGy: 0.02, missingFraction: expect.closeTo(1 / 3, 12) }]);
    expect(r.sanity.status).toBe('suspect');
    expect(r.sanity.findings.find((f) => f.code === 'event-kerma-below-device-total')?.message).toBe(
      "plane single: Σ event Ka,r 20 mGy is below the device's Dose (RP) Total 30 mGy: 33.3 % of the reported Ka,r is in no event the engine could use",
    );
  });

  it('accepts per-event rounding (≤ 1 %) and counts derived Ka,r toward the sum', () => {
    const rounded = run([testEvent({ kermaGy: 0.01401 })], { single: 0.01406 });
    expect(rounded.sanity.findings.map((f) => f.code)).not.toContain('event-kerma-below-device-total');
    const derived = run([testEvent({ kermaGy: 0.01 }), testEvent({ kermaGy: 0, dapGyM2: 0.01 * 0.04 * (600 / 1100) ** 2 })], { single: 0.02 });
    expect(derived.kermaReconciliation[0].missingFraction).toBeCloseTo(0, 9);
  });
});
