import type { DoseAlertV1 } from '@kerma/contracts';
import { withAlertState } from './alert-states';

const alert = (over: Partial<DoseAlertV1> = {}): DoseAlertV1 => ({
  eventId: '00000000-0000-5000-8000-000000000001',
  occurredAt: '2026-03-01T10:00:00.000Z',
  alertId: '00000000-0000-5000-8000-0000000000aa',
  site: 'north',
  patient: { id: null, issuer: null, key: 'a'.repeat(64) },
  studyInstanceUid: '1.2.3',
  metric: 'peak-skin-dose',
  measured: { value: 3.2, unit: 'Gy' },
  threshold: { value: 3, unit: 'Gy' },
  level: 'srdl',
  rule: { id: 'r', description: 'd', reference: 'x' },
  raisedAt: '2026-03-01T10:00:00.000Z',
  ...over,
});
const at = (seq: number, state: DoseAlertV1['state']) => alert({ state, transition: { seq, at: `2026-03-0${seq}T10:00:00.000Z`, by: 'p', note: null } });

describe("withAlertState: a study's alerts follow the follow-up states", () => {
  it('an alert without state (older producer) is open', () => {
    expect(withAlertState([], alert())).toEqual([expect.objectContaining({ state: 'open', stateSeq: 1, kind: 'study' })]);
  });

  it('a later state replaces the earlier one; a redelivered or older state changes nothing', () => {
    let alerts = withAlertState([], at(1, 'open'));
    alerts = withAlertState(alerts, at(2, 'acknowledged'));
    expect(alerts).toEqual([expect.objectContaining({ state: 'acknowledged', stateSeq: 2 })]);
    alerts = withAlertState(alerts, at(1, 'open'));
    alerts = withAlertState(alerts, at(2, 'acknowledged'));
    expect(alerts).toEqual([expect.objectContaining({ state: 'acknowledged', stateSeq: 2 })]);
    alerts = withAlertState(alerts, { ...at(4, 'skin-check-due'), skinCheck: { dueOn: '2026-03-29' } });
    expect(alerts).toEqual([expect.objectContaining({ state: 'skin-check-due', skinCheckDueOn: '2026-03-29' })]);
  });

  it('keeps other alerts of the study untouched', () => {
    const other = withAlertState([], alert({ alertId: '00000000-0000-5000-8000-0000000000bb', metric: 'reference-air-kerma' }));
    const both = withAlertState(withAlertState(other, at(1, 'open')), at(2, 'acknowledged'));
    expect(both.map((a) => [a.metric, a.state])).toEqual([
      ['reference-air-kerma', 'open'],
      ['peak-skin-dose', 'acknowledged'],
    ]);
  });
});
