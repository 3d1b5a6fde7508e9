import type { DoseAlertV1 } from '@kerma/contracts';
import { nameBasedUuid } from '@kerma/contracts';

/**
 * An alert's first state. An event without a state (published before alerts had a follow-up) is in this
 * state too, so both give the same delivery id.
 */
export const INITIAL_STATE = 'open';

/** The follow-up state an alert event announces. */
export function alertStateOf(event: DoseAlertV1): string {
  const state = (event as DoseAlertV1 & { state?: unknown }).state;
  return typeof state === 'string' && state.length > 0 ? state : INITIAL_STATE;
}

/** What webhook subscribers subscribe to: one event type per alert state. */
export function eventTypeOf(state: string): string {
  return `dose-alert.${state}`;
}

export const EVENT_TYPE_PATTERN = /^dose-alert\.[a-z][a-z-]{0,47}$/;

/**
 * One delivery id per (alert, state), whatever the channel or subscriber and however often the event
 * is redelivered or the delivery retried or replayed: receivers deduplicate on it.
 */
export function deliveryIdOf(alertId: string, state: string): string {
  return nameBasedUuid(['kerma.alert-delivery', alertId, state]);
}
