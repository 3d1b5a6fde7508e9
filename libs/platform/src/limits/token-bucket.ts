/** Buckets not touched for this long are full again and forgotten, so the map stays small. */
const FORGET_AFTER_MS = 10 * 60_000;

export interface RateLimit {
  /** Sustained requests a minute per client. */
  readonly perMinute: number;
  /** Requests a client may make at once before the sustained rate applies. */
  readonly burst: number;
}

/**
 * A token bucket per client: `burst` tokens, refilled at `perMinute` a minute. `take` answers null when
 * the request may go, else how many seconds until it may (for Retry-After).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();
  private lastSweepMs = 0;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  take(client: string): number | null {
    const nowMs = this.now();
    this.sweep(nowMs);
    const perMs = this.limit.perMinute / 60_000;
    const bucket = this.buckets.get(client) ?? { tokens: this.limit.burst, atMs: nowMs };
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + (nowMs - bucket.atMs) * perMs);
    bucket.atMs = nowMs;
    this.buckets.set(client, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return null;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
  }

  private sweep(nowMs: number): void {
    if (nowMs - this.lastSweepMs < FORGET_AFTER_MS) return;
    this.lastSweepMs = nowMs;
    for (const [client, bucket] of this.buckets) if (nowMs - bucket.atMs > FORGET_AFTER_MS) this.buckets.delete(client);
  }
}
