import { ConfigError } from '../config/load-config';
import { DEFAULT_REQUEST_LIMITS, requestLimitsFromEnv } from './limits-settings';
import { TokenBuckets } from './token-bucket';

describe('TokenBuckets', () => {
  it('lets a client make `burst` requests at once, then one per refill interval, answering the wait in seconds', () => {
    let nowMs = 0;
    const buckets = new TokenBuckets({ perMinute: 6, burst: 3 }, () => nowMs);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([null, null, null]);
    expect(buckets.take('a')).toBe(10); // 6 a minute: one token every 10 s
    nowMs = 4_000;
    expect(buckets.take('a')).toBe(6);
    nowMs = 10_000;
    expect(buckets.take('a')).toBeNull();
    expect(buckets.take('a')).toBe(10);
  });

  it('keeps clients apart', () => {
    const buckets = new TokenBuckets({ perMinute: 60, burst: 1 }, () => 0);
    expect(buckets.take('key:a')).toBeNull();
    expect(buckets.take('key:a')).toBe(1);
    expect(buckets.take('key:b')).toBeNull();
  });

  it('never holds more than `burst` tokens after a long pause', () => {
    let nowMs = 0;
    const buckets = new TokenBuckets({ perMinute: 60, burst: 2 }, () => nowMs);
    buckets.take('a');
    nowMs = 3_600_000;
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([null, null, 1]);
  });
});

describe('requestLimitsFromEnv', () => {
  it('has defaults', () => {
    expect(requestLimitsFromEnv({})).toEqual(DEFAULT_REQUEST_LIMITS);
  });

  it('leaves the rate limit off without authentication unless it is set', () => {
    expect(requestLimitsFromEnv({}, 'none').ratePerMinute).toBe(0);
    expect(requestLimitsFromEnv({ KERMA_RATE_LIMIT_PER_MINUTE: '120' }, 'none').ratePerMinute).toBe(120);
    expect(requestLimitsFromEnv({}, 'oidc').ratePerMinute).toBe(DEFAULT_REQUEST_LIMITS.ratePerMinute);
  });

  it('reads the variables; 0 turns the rate limit off', () => {
    expect(requestLimitsFromEnv({ KERMA_RATE_LIMIT_PER_MINUTE: '0', KERMA_RATE_LIMIT_BURST: '0', KERMA_MAX_JSON_BODY_BYTES: '2048' })).toEqual({
      ratePerMinute: 0,
      rateBurst: 0,
      maxJsonBodyBytes: 2048,
    });
  });

  it('names the bad variable', () => {
    expect(() => requestLimitsFromEnv({ KERMA_RATE_LIMIT_PER_MINUTE: 'lots' })).toThrow(/KERMA_RATE_LIMIT_PER_MINUTE/);
    expect(() => requestLimitsFromEnv({ KERMA_RATE_LIMIT_PER_MINUTE: '-1' })).toThrow(/KERMA_RATE_LIMIT_PER_MINUTE/);
    expect(() => requestLimitsFromEnv({ KERMA_MAX_JSON_BODY_BYTES: '10' })).toThrow(/KERMA_MAX_JSON_BODY_BYTES/);
    expect(() => requestLimitsFromEnv({ KERMA_RATE_LIMIT_PER_MINUTE: '60', KERMA_RATE_LIMIT_BURST: '0' })).toThrow(ConfigError);
    expect(() => requestLimitsFromEnv({ KERMA_RATE_LIMIT_PER_MINUTE: '60', KERMA_RATE_LIMIT_BURST: '0' })).toThrow(/KERMA_RATE_LIMIT_BURST/);
  });
});
