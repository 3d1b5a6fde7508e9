import type { DatabaseTarget } from '@kerma/platform';
import type { DeliveryOptions } from './delivery/delivery-options';
import type { AlertRule } from './rules/alert-rule';

export const NOTIFICATION_OPTIONS = Symbol('NOTIFICATION_OPTIONS');

export interface NotificationOptions {
  readonly database: DatabaseTarget;
  readonly rules: readonly AlertRule[];
  /** Webhooks and e-mail; default: webhooks with the default retry policy, no e-mail. */
  readonly delivery?: DeliveryOptions;
}
