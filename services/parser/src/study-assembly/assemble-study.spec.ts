import { parseDoseReport, type Procedure } from '@kerma/rdsr';
import { generateRdsr, procedureSpec } from '@kerma/testing';
import { assembleStudy } from './assemble-study';

function parsed(options: Parameters<typeof procedureSpec>[0]): Procedure {
  const outcome = parseDoseReport(generateRdsr(procedureSpec(options)));
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.procedure;
}

describe('assembleStudy', () => {
  it('returns a single report unchanged', () => {
    const one = parsed({ seed: 1, events: 3 });
    expect(assembleStudy([one])).toBe(one);
  });

  it('joins a continued study: all events, device totals added per plane, event sums recomputed', () => {
    const first = parsed({ seed: 2, events: 4 });
    const second = parsed({ seed: 3, events: 6, study: { studyInstanceUid: first.study.studyInstanceUid } });
    const study = assembleStudy([first, second]);
    expect(study.events).toHaveLength(10);
    const totalOf = (p: Procedure) => p.planes.reduce((s, t) => s + (t.doseRpTotalGy?.value ?? 0), 0);
    expect(study.planes).toHaveLength(1);
    expect(study.planes[0].doseRpTotalGy!.value).toBeCloseTo(totalOf(first) + totalOf(second), 12);
    expect(study.planes[0].doseRpTotalGy!.provenance).toBe('derived');
    expect(study.eventSums[0].eventCount).toBe(10);
    const sumOfEvents = study.events.reduce((s, e) => s + (e.doseRpGy?.value ?? 0), 0);
    expect(study.eventSums[0].doseRpSumGy).toBeCloseTo(sumOfEvents, 12);
  });

  it('keeps an event reported twice (same UID) once', () => {
    const first = parsed({ seed: 4, events: 3 });
    expect(assembleStudy([first, first]).events).toHaveLength(3);
  });

  it('refuses an empty study', () => {
    expect(() => assembleStudy([])).toThrow(/at least one report/);
  });
});

describe('assembleStudy with overlapping reports', () => {
  it('counts shared events once and does not add the device totals', () => {
    const cumulative = parsed({ seed: 5, events: 6 });
    const partial = { ...cumulative, study: { ...cumulative.study, sopInstanceUid: '1.2.3.99' }, events: cumulative.events.slice(0, 4) };
    const extra = parsed({ seed: 6, events: 2, study: { studyInstanceUid: cumulative.study.studyInstanceUid } });
    const study = assembleStudy([partial, { ...extra, events: [...extra.events, cumulative.events[5]] }, cumulative]);
    expect(study.events).toHaveLength(8);
    expect(study.planes).toEqual(cumulative.planes);
    expect(study.warnings.some((w) => w.includes('share irradiation events'))).toBe(true);
  });

  it('recognises shared events by start time, plane and doses when a device sends no event UIDs', () => {
    const withUids = parsed({ seed: 7, events: 3 });
    const noUids = { ...withUids, events: withUids.events.map((e) => ({ ...e, uid: null })) };
    const resent = { ...noUids, study: { ...noUids.study, sopInstanceUid: '1.2.3.98' } };
    expect(assembleStudy([noUids, resent]).events).toHaveLength(3);
  });
});
