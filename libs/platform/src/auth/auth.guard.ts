import {
  ForbiddenException,
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { TokenBuckets } from '../limits/token-bucket';
import type { AuthSettings } from './auth-settings';
import { looksLikeApiKey } from './api-keys/api-key-secret';
import { InvalidApiKeyError, type ApiKeyStore } from './api-keys/api-key-store';
import { InvalidTokenError, OidcVerifier } from './oidc-verifier';
import { ALLOWED_ROLES_KEY, LOCAL_PRINCIPAL, PUBLIC_ROUTE_KEY, READ_ROLES, WRITE_ROLES, type Principal, type Role } from './roles';

export type AuthenticatedRequest = Request & { principal?: Principal };

/**
 * Every HTTP route (API and DICOMweb) requires a valid bearer token or API key unless marked public;
 * then the caller needs one of the route's roles (declared with @AllowRoles, otherwise read roles for
 * GET/HEAD and site-admin for changes). Each client (principal, API key, or address when the request
 * carries no valid credential) has its own request rate. The principal, with its site scope, is left
 * on the request.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly verifier?: OidcVerifier;
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly reflector: Reflector,
    settings: AuthSettings,
    private readonly apiKeys?: ApiKeyStore,
    private readonly rateLimit?: TokenBuckets,
  ) {
    if (settings.mode === 'oidc') this.verifier = new OidcVerifier(settings);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true; // message handlers are not HTTP routes
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    let principal: Principal;
    try {
      principal = await this.authenticate(request, response);
    } catch (err) {
      this.limit(`ip:${request.ip}`, response); // failed attempts count against the address
      throw err;
    }
    this.limit(clientOf(principal, request), response);
    const allowed =
      this.reflector.getAllAndOverride<Role[]>(ALLOWED_ROLES_KEY, targets) ?? (['GET', 'HEAD'].includes(request.method) ? READ_ROLES : WRITE_ROLES);
    if (!principal.roles.some((role) => allowed.includes(role))) {
      throw new ForbiddenException(`this route needs one of the roles ${allowed.join(', ')}`);
    }
    request.principal = principal;
    return true;
  }

  private async authenticate(request: Request, response: Response): Promise<Principal> {
    if (!this.verifier) return LOCAL_PRINCIPAL;
    const apiKey = request.headers['x-api-key'];
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (typeof apiKey === 'string') return this.verifyApiKey(apiKey, response);
    if (bearer && looksLikeApiKey(bearer)) return this.verifyApiKey(bearer, response);
    if (!bearer)
      throw unauthorized(response, 'a bearer token or API key is required (Authorization: Bearer <access token or API key>, or X-API-Key)', 'invalid_request');
    try {
      return await this.verifier.verify(bearer);
    } catch (err) {
      if (err instanceof InvalidTokenError) throw unauthorized(response, err.message, 'invalid_token');
      this.logger.error({ msg: 'token verification unavailable', error: (err as Error).message });
      throw unauthorized(response, 'the identity provider could not be reached to verify the token', 'invalid_token');
    }
  }

  private async verifyApiKey(presented: string, response: Response): Promise<Principal> {
    if (!this.apiKeys) throw unauthorized(response, 'this service accepts no API keys', 'invalid_token');
    try {
      return await this.apiKeys.verify(presented);
    } catch (err) {
      if (err instanceof InvalidApiKeyError) throw unauthorized(response, err.message, 'invalid_token');
      throw err;
    }
  }

  private limit(client: string, response: Response): void {
    const retryAfterSeconds = this.rateLimit?.take(client) ?? null;
    if (retryAfterSeconds === null) return;
    response.setHeader('Retry-After', String(retryAfterSeconds));
    throw new HttpException(
      `too many requests from this client; retry after ${retryAfterSeconds} s (KERMA_RATE_LIMIT_PER_MINUTE)`,
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/** Whose bucket a request draws from: the key, the person or system, or the address without authentication. */
function clientOf(principal: Principal, request: Request): string {
  if (principal.via === 'api-key') return `key:${principal.keyId}`;
  if (principal.via === 'oidc') return `sub:${principal.subject}`;
  return `ip:${request.ip}`;
}

/** RFC 6750 §3: the challenge and its reason also go in WWW-Authenticate. */
function unauthorized(response: Response, reason: string, code: 'invalid_request' | 'invalid_token'): UnauthorizedException {
  response.setHeader('WWW-Authenticate', `Bearer error="${code}", error_description="${reason.replace(/"/g, "'")}"`);
  return new UnauthorizedException(reason);
}
