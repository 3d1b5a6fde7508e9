import { createHash } from 'node:crypto';

const NAMESPACE = 'kerma.dose-alert.v1';

/** Name-based UUID (RFC 4122 v5 layout) of its parts: the same parts always give the same id. */
export function nameBasedUuid(parts: readonly string[]): string {
  const hash = createHash('sha1').update(parts.join('|')).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

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
