import { parseDoseReport } from '@kerma/rdsr';
import { generateRdsr, procedureSpec } from '@kerma/testing';
import { studyMetrics } from './study-metrics';

function procedureOf(options: Parameters<typeof procedureSpec>[0]) {
  const outcome = parseDoseReport(generateRdsr(procedureSpec(options)));
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.procedure;
}

describe('studyMetrics', () => {
  it('adds the device totals of both planes and converts units (Gy·m² → Gy·cm², s → min)', () => {
    const procedure = procedureOf({ seed: 21, events: 12, biplane: true });
    const metrics = studyMetrics(procedure);
    const sum = (pick: (t: (typeof procedure.planes)[number]) => number | undefined) => procedure.planes.reduce((s, t) => s + (pick(t) ?? 0), 0);
    expect(procedure.planes.length).toBe(2);
    expect(metrics['reference-air-kerma']).toBeCloseTo(sum((t) => t.doseRpTotalGy?.value), 12);
    expect(metrics['kerma-area-product']).toBeCloseTo(sum((t) => t.dapTotalGyM2?.value) * 1e4, 9);
    expect(metrics['fluoroscopy-time']).toBeCloseTo(sum((t) => t.fluoroTimeTotalS?.value) / 60, 12);
  });

  it('uses the device total, not the event sum, when they differ', () => {
    const procedure = procedureOf({ seed: 22, events: 5, planeTotals: { single: { doseRpTotalGy: 6 } } });
    expect(studyMetrics(procedure)['reference-air-kerma']).toBe(6);
  });

  it('falls back to the sum of events when a plane has no device total', () => {
    const procedure = procedureOf({ seed: 23, events: 5 });
    const withoutTotals = { ...procedure, planes: procedure.planes.map((p) => ({ ...p, doseRpTotalGy: null })) };
    expect(studyMetrics(withoutTotals)['reference-air-kerma']).toBeCloseTo(procedure.eventSums[0].doseRpSumGy!, 12);
  });

  it('falls back to the fluoroscopy events\' irradiation durations when a plane has no fluoroscopy time total', () => {
    const procedure = procedureOf({ seed: 24, events: 8 });
    const withoutTotals = { ...procedure, planes: procedure.planes.map((p) => ({ ...p, fluoroTimeTotalS: null })) };
    const fluoroS = procedure.events.filter((e) => e.type === 'fluoroscopy').reduce((s, e) => s + (e.irradiationDurationS?.value ?? 0), 0);
    expect(fluoroS).toBeGreaterThan(0);
    expect(studyMetrics(withoutTotals)['fluoroscopy-time']).toBeCloseTo(fluoroS / 60, 12);
  });
});
