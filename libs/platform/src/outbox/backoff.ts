/** How long a failed attempt waits before the next one: initialBackoffMs, doubled after each further failure, up to maxBackoffMs. */
export interface RetryTiming {
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
}

/** Wait after the given failed attempt (1-based) before the next one: exponential, capped. */
export function retryDelayMs(failedAttempts: number, timing: RetryTiming): number {
  return Math.min(timing.maxBackoffMs, timing.initialBackoffMs * 2 ** Math.max(0, failedAttempts - 1));
}
