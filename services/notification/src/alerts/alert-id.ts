import { nameBasedUuid } from '@kerma/contracts';

const NAMESPACE = 'kerma.dose-alert.v1';

/** The same (study, metric, level) always gives the same alert id. */
export function alertIdOf(studyInstanceUid: string, metric: string, level: string): string {
  return nameBasedUuid([NAMESPACE, studyInstanceUid, metric, level]);
}

/** The event id of an alert's announcement: one per alert, so subscribers can dedupe redeliveries. */
export function alertEventIdOf(alertId: string): string {
  return alertIdOf(alertId, 'announcement', 'v1');
}

/** The event id of a later follow-up state: one per (alert, state), so subscribers can dedupe per state. */
export function alertStateEventIdOf(alertId: string, state: string): string {
  return alertIdOf(alertId, 'state', state);
}
