import { ForbiddenException, Injectable, Logger, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { AuthSettings } from './auth-settings';
import { InvalidTokenError, OidcVerifier } from './oidc-verifier';
import { ALLOWED_ROLES_KEY, LOCAL_PRINCIPAL, PUBLIC_ROUTE_KEY, READ_ROLES, WRITE_ROLES, type Principal, type Role } from './roles';

export type AuthenticatedRequest = Request & { principal?: Principal };

/**
 * Every HTTP route (API and DICOMweb) requires a valid bearer token unless marked public; then the
 * caller needs one of the route's roles (declared with @AllowRoles, otherwise read roles for GET/HEAD
 * and site-admin for changes). The principal, with its site scope, is left on the request.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly verifier?: OidcVerifier;
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly reflector: Reflector,
    settings: AuthSettings,
  ) {
    if (settings.mode === 'oidc') this.verifier = new OidcVerifier(settings);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true; // message handlers are not HTTP routes
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticate(request, context.switchToHttp().getResponse<Response>());
    const allowed = this.reflector.getAllAndOverride<Role[]>(ALLOWED_ROLES_KEY, targets) ?? (['GET', 'HEAD'].includes(request.method) ? READ_ROLES : WRITE_ROLES);
    if (!principal.roles.some((role) => allowed.includes(role))) {
      throw new ForbiddenException(`this route needs one of the roles ${allowed.join(', ')}`);
    }
    request.principal = principal;
    return true;
  }

  private async authenticate(request: Request, response: Response): Promise<Principal> {
    if (!this.verifier) return LOCAL_PRINCIPAL;
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match) throw unauthorized(response, 'a bearer token is required (Authorization: Bearer <access token>)', 'invalid_request');
    try {
      return await this.verifier.verify(match[1]);
    } catch (err) {
      if (err instanceof InvalidTokenError) throw unauthorized(response, err.message, 'invalid_token');
      this.logger.error({ msg: 'token verification unavailable', error: (err as Error).message });
      throw unauthorized(response, 'the identity provider could not be reached to verify the token', 'invalid_token');
    }
  }
}

/** RFC 6750 §3: the challenge and its reason also go in WWW-Authenticate. */
function unauthorized(response: Response, reason: string, code: 'invalid_request' | 'invalid_token'): UnauthorizedException {
  response.setHeader('WWW-Authenticate', `Bearer error="${code}", error_description="${reason.replace(/"/g, "'")}"`);
  return new UnauthorizedException(reason);
}
