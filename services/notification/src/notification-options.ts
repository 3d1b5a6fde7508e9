import type { DatabaseTarget } from '@kerma/platform';
import type { AlertRule } from './rules/alert-rule';

export const NOTIFICATION_OPTIONS = Symbol('NOTIFICATION_OPTIONS');

export interface NotificationOptions {
  readonly database: DatabaseTarget;
  readonly rules: readonly AlertRule[];
}
