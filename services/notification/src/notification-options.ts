import type { DatabaseTarget } from '@kerma/platform';
import type { DeliveryOptions } from './delivery/delivery-options';
import type { AlertRule } from './rules/alert-rule';

export const NOTIFICATION_OPTIONS = Symbol('NOTIFICATION_OPTIONS');

export interface NotificationOptions {
  readonly database: DatabaseTarget;
  /** The configured rules; they become a stored rule-set version at start when they changed (see RuleSetService). */
  readonly rules: readonly AlertRule[];
  /** How often overdue skin checks are looked for (and failed publications retried); 0 or absent: never (tests call sweep). */
  readonly followUpSweepIntervalMs?: number;
  /** Webhooks and e-mail; default: webhooks with the default retry policy, no e-mail. */
  readonly delivery?: DeliveryOptions;
}
