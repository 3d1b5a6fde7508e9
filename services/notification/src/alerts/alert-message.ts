import type { AlertKind, AlertState, DoseAlertV1, DoseMetric, SkinFinding } from '@kerma/contracts';
import type { DoseAlert } from '../persistence/alert.entity';
import type { DoseAlertTransition } from '../persistence/alert-transition.entity';
import { alertEventIdOf, alertStateEventIdOf } from './alert-id';

/** The message of one state of an alert on kerma.dose-alert.v1: the alert as raised, plus that state. */
export function alertMessage(alert: DoseAlert, t: DoseAlertTransition): DoseAlertV1 {
  return {
    // The open state keeps the event id it always had, so consumers that deduplicated before still do.
    eventId: t.state === 'open' ? alertEventIdOf(alert.id) : alertStateEventIdOf(alert.id, t.state),
    occurredAt: t.at,
    alertId: alert.id,
    site: alert.site,
    patient: { id: alert.patientId, issuer: alert.patientIdIssuer, key: alert.patientKey },
    studyInstanceUid: alert.studyInstanceUid,
    metric: alert.metric as DoseMetric,
    measured: { value: alert.measuredValue, unit: alert.unit },
    threshold: { value: alert.thresholdValue, unit: alert.unit },
    level: alert.level,
    rule: { id: alert.ruleId, description: alert.ruleDescription, reference: alert.ruleReference },
    raisedAt: alert.raisedAt,
    kind: alert.kind as AlertKind,
    ...(alert.cumulative ? { cumulative: alert.cumulative } : {}),
    state: t.state as AlertState,
    transition: { seq: t.seq, at: t.at, by: t.by, note: t.note },
    ...(t.skinCheckDueOn ? { skinCheck: { dueOn: t.skinCheckDueOn } } : {}),
    ...(t.outcome ? { outcome: { finding: t.outcome.finding as SkinFinding, ctcaeGrade: t.outcome.ctcaeGrade } } : {}),
  };
}
