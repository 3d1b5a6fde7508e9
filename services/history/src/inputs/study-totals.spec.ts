import { parseDoseReport } from '@kerma/rdsr';
import { generateRdsr, procedureSpec } from '@kerma/testing';
import { studyTotals } from './study-totals';

describe('studyTotals', () => {
  it('keeps device totals and event sums side by side, per plane and over all planes', () => {
    const outcome = parseDoseReport(generateRdsr(procedureSpec({ seed: 31, events: 8, biplane: true, planeTotals: { A: { doseRpTotalGy: 2 } } })));
    if (!outcome.ok) throw new Error(outcome.error.message);
    const totals = studyTotals(outcome.procedure);
    const a = totals.perPlane.find((p) => p.plane === 'A')!;
    const b = totals.perPlane.find((p) => p.plane === 'B')!;
    expect(a.doseRpTotalGy).toBe(2);
    expect(a.doseRpEventSumGy).not.toBeCloseTo(2, 6);
    expect(totals.doseRpTotalGy).toBeCloseTo(2 + b.doseRpTotalGy!, 12);
    expect(a.eventCount + b.eventCount).toBe(8);
    expect(totals.eventCount).toBe(8);
  });
});
