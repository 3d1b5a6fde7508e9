import { retryDelayMs } from './backoff';

describe('retryDelayMs', () => {
  it('doubles from the initial backoff after each failed attempt, up to the cap', () => {
    const policy = { maxAttempts: 10, initialBackoffMs: 1000, maxBackoffMs: 10_000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, policy))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });
});
