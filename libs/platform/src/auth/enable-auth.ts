import { Logger, type INestApplication } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthSettings } from './auth-settings';
import { AuthGuard } from './auth.guard';

/** Puts the auth guard in front of every HTTP route of the app; states an explicit opt-out at every start. */
export function enableAuth(app: INestApplication, settings: AuthSettings): void {
  const logger = new Logger('Auth');
  app.useGlobalGuards(new AuthGuard(app.get(Reflector), settings));
  if (settings.mode === 'none' && settings.explicit) {
    logger.warn({ msg: 'KERMA_AUTH=none: the API and DICOMweb serve patient dose data without authentication' });
  }
  if (settings.mode === 'oidc') logger.log({ msg: 'bearer tokens required', issuer: settings.issuer, audience: settings.audience });
}
