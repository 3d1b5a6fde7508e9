import { Logger, type INestApplication } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { limitJsonBodies } from '../limits/body-limits';
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from '../limits/limits-settings';
import { TokenBuckets } from '../limits/token-bucket';
import type { AuthSettings } from './auth-settings';
import { AuthGuard } from './auth.guard';
import type { ApiKeyStore } from './api-keys/api-key-store';

/**
 * Puts the auth guard (with the per-client rate limit) in front of every HTTP route of the app and
 * the JSON body limit before every handler; states an explicit opt-out at every start. API keys are
 * checked against the given store (none in a service without an HTTP API: keys are then refused).
 */
export function enableAuth(app: INestApplication, settings: AuthSettings, options: { apiKeys?: ApiKeyStore; limits?: RequestLimits } = {}): void {
  const logger = new Logger('Auth');
  const limits = options.limits ?? DEFAULT_REQUEST_LIMITS;
  const rateLimit = limits.ratePerMinute > 0 ? new TokenBuckets({ perMinute: limits.ratePerMinute, burst: limits.rateBurst }) : undefined;
  limitJsonBodies(app, limits.maxJsonBodyBytes);
  app.useGlobalGuards(new AuthGuard(app.get(Reflector), settings, options.apiKeys, rateLimit));
  if (settings.mode === 'none' && settings.explicit) {
    logger.warn({ msg: 'KERMA_AUTH=none: the API and DICOMweb serve patient dose data without authentication' });
  }
  if (settings.mode === 'oidc') logger.log({ msg: 'bearer tokens and API keys required', issuer: settings.issuer, audience: settings.audience });
}
