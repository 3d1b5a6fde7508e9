import type { DatabaseTarget, ServiceTokenSource } from '@kerma/platform';

export const PARSER_OPTIONS = Symbol('PARSER_OPTIONS');

export interface ParserOptions {
  readonly database: DatabaseTarget;
  /** Largest object fetched from ingest, in bytes. */
  readonly maxObjectBytes: number;
  /** Time allowed to fetch an object, in milliseconds. */
  readonly fetchTimeoutMs: number;
  /** The parser's own access token for reading originals from ingest, when authentication is on. */
  readonly serviceToken?: ServiceTokenSource;
}
