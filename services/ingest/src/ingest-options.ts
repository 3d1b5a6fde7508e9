import type { DatabaseTarget } from '@kerma/platform';

export const INGEST_OPTIONS = Symbol('INGEST_OPTIONS');

export interface IngestOptions {
  readonly database: DatabaseTarget;
  /** Root folder of the raw archive (original bytes). */
  readonly storageDir: string;
  /** Base URL other services use to fetch stored bytes from this service. */
  readonly publicBaseUrl: string;
  /** Site recorded when a request does not name one. */
  readonly defaultSite: string;
  /** Largest request body accepted, in bytes. */
  readonly maxRequestBytes: number;
  /** How often unpublished objects are re-announced, in milliseconds. */
  readonly outboxIntervalMs: number;
}
