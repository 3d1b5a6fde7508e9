import type { DatabaseTarget } from '@kerma/platform';

export interface HistoryOptions {
  readonly database: DatabaseTarget;
}
