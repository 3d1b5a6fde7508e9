import type { DoseAlertV1 } from '@kerma/contracts';
import type { AlertSummary } from '../persistence/study-record.entity';

/**
 * A study's alerts after one dose-alert message: a new alert is added, a later state of a known alert
 * replaces its state; a redelivered or older state (lower transition number) changes nothing.
 */
export function withAlertState(alerts: readonly AlertSummary[], event: DoseAlertV1): AlertSummary[] {
  const seq = event.transition?.seq ?? 1;
  const summary: AlertSummary = {
    alertId: event.alertId,
    metric: event.metric,
    level: event.level,
    measured: event.measured,
    threshold: event.threshold,
    raisedAt: event.raisedAt,
    kind: event.kind ?? 'study',
    state: event.state ?? 'open',
    stateSeq: seq,
    stateAt: event.transition?.at ?? event.raisedAt,
    skinCheckDueOn: event.skinCheck?.dueOn ?? null,
  };
  const known = alerts.find((a) => a.alertId === event.alertId);
  if (!known) return [...alerts, summary];
  if ((known.stateSeq ?? 1) >= seq) return [...alerts];
  return alerts.map((a) => (a.alertId === event.alertId ? summary : a));
}
