import { retryDelayMs } from './backoff';

describe('retryDelayMs', () => {
  it('doubles from the initial backoff after each failed attempt, up to the cap', () => {
    const timing = { initialBackoffMs: 1000, maxBackoffMs: 10_000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, timing))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('stops at the cap however many attempts failed, and waits the initial backoff after the first', () => {
    const timing = { initialBackoffMs: 5_000, maxBackoffMs: 60_000 };
    expect([0, 1, 2, 3, 4, 5, 10, 100].map((n) => retryDelayMs(n, timing))).toEqual([5_000, 5_000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000]);
  });
});
