export interface FhirPushOptions {
  /** Base URL of the FHIR R4 server: the push POSTs a transaction Bundle there. */
  readonly url: string;
  /** Sent as `Authorization: Bearer …` (KERMA_FHIR_PUSH_TOKEN_FILE); null: no Authorization header. */
  readonly bearerToken: string | null;
  readonly attemptTimeoutMs: number;
  /** Wait after the first failed attempt, doubled after each further one up to maxBackoffMs; retried until it succeeds. */
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
}

export const FHIR_PUSH_OPTIONS = Symbol('FHIR_PUSH_OPTIONS');

export const DEFAULT_FHIR_PUSH_TIMING = { attemptTimeoutMs: 30_000, initialBackoffMs: 5_000, maxBackoffMs: 15 * 60_000 } as const;
