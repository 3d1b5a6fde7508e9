import type { DeliveryRetryPolicy } from './delivery-options';

/** Wait after the given failed attempt (1-based) before the next one: exponential, capped. */
export function retryDelayMs(failedAttempts: number, policy: DeliveryRetryPolicy): number {
  return Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** Math.max(0, failedAttempts - 1));
}
