export interface RetryPolicy {
  /** Attempts in total, the first one included, for a failure of unknown cause (most likely a bug). */
  readonly maxAttempts: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  /** Ceiling of the wait between attempts while a dependency is unavailable (30 s when absent); such waits never end in a dead letter. */
  readonly transientMaxBackoffMs?: number;
}

/**
 * Failures of unknown cause get a short, bounded retry: a bug does not go away with time, and the
 * partition is blocked meanwhile. An unavailable dependency is waited for with backoff up to 30 s.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, initialBackoffMs: 250, maxBackoffMs: 4000, transientMaxBackoffMs: 30_000 };

const DEFAULT_TRANSIENT_MAX_BACKOFF_MS = 30_000;

/** Exponential backoff before attempt `attempt + 1` (attempt counts from 1) after a failure of unknown cause. */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** (attempt - 1));
}

/** Exponential backoff before the next attempt after the `step`-th consecutive transient failure (step counts from 1). */
export function transientBackoffMs(policy: RetryPolicy, step: number): number {
  const ceiling = policy.transientMaxBackoffMs ?? DEFAULT_TRANSIENT_MAX_BACKOFF_MS;
  return Math.min(ceiling, policy.initialBackoffMs * 2 ** Math.min(step - 1, 30));
}
