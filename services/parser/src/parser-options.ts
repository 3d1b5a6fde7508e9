import type { DatabaseTarget } from '@kerma/platform';

export const PARSER_OPTIONS = Symbol('PARSER_OPTIONS');

export interface ParserOptions {
  readonly database: DatabaseTarget;
  /** Largest object fetched from ingest, in bytes. */
  readonly maxObjectBytes: number;
  /** Time allowed to fetch an object, in milliseconds. */
  readonly fetchTimeoutMs: number;
}
