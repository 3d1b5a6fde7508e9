import { z } from 'zod';
import { ConfigError, loadConfig } from '../config/load-config';

export interface RequestLimits {
  /** Requests a minute per client (principal, API key, or address when anonymous); 0: no limit. */
  readonly ratePerMinute: number;
  readonly rateBurst: number;
  /** Largest JSON body (STOW-RS streams DICOM with its own limit, MAX_REQUEST_BYTES). */
  readonly maxJsonBodyBytes: number;
}

export const DEFAULT_REQUEST_LIMITS: RequestLimits = { ratePerMinute: 600, rateBurst: 120, maxJsonBodyBytes: 1024 * 1024 };

const count = (fallback: number) => z.coerce.number().int('expected a whole number').min(0, 'expected 0 or more').default(fallback);

/**
 * KERMA_RATE_LIMIT_PER_MINUTE, KERMA_RATE_LIMIT_BURST and KERMA_MAX_JSON_BODY_BYTES, validated at start-up.
 * Without authentication every caller is the same anonymous client known only by its address (behind a
 * proxy, one address for everyone, and the services' own calls too): the rate limit is then off unless
 * KERMA_RATE_LIMIT_PER_MINUTE is set.
 */
export function requestLimitsFromEnv(source: NodeJS.ProcessEnv = process.env, authMode: 'oidc' | 'none' = 'oidc'): RequestLimits {
  const cfg = loadConfig(
    {
      KERMA_RATE_LIMIT_PER_MINUTE: count(DEFAULT_REQUEST_LIMITS.ratePerMinute),
      KERMA_RATE_LIMIT_BURST: count(DEFAULT_REQUEST_LIMITS.rateBurst),
      KERMA_MAX_JSON_BODY_BYTES: z.coerce
        .number()
        .int('expected a whole number of bytes')
        .min(1024, 'expected at least 1024 bytes')
        .max(64 * 1024 * 1024, 'expected at most 64 MiB')
        .default(DEFAULT_REQUEST_LIMITS.maxJsonBodyBytes),
    },
    source,
  );
  if (cfg.KERMA_RATE_LIMIT_PER_MINUTE > 0 && cfg.KERMA_RATE_LIMIT_BURST < 1) {
    throw new ConfigError(['KERMA_RATE_LIMIT_BURST: must be at least 1 while KERMA_RATE_LIMIT_PER_MINUTE is above 0']);
  }
  const rateUnset = source.KERMA_RATE_LIMIT_PER_MINUTE === undefined || source.KERMA_RATE_LIMIT_PER_MINUTE === '';
  return {
    ratePerMinute: authMode === 'none' && rateUnset ? 0 : cfg.KERMA_RATE_LIMIT_PER_MINUTE,
    rateBurst: cfg.KERMA_RATE_LIMIT_BURST,
    maxJsonBodyBytes: cfg.KERMA_MAX_JSON_BODY_BYTES,
  };
}
