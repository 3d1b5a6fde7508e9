import { createParamDecorator, ForbiddenException, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from './auth.guard';
import { LOCAL_PRINCIPAL, type Principal } from './roles';

/** The caller of an HTTP route (the auth guard put it on the request). */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => context.switchToHttp().getRequest<AuthenticatedRequest>().principal ?? LOCAL_PRINCIPAL,
);

export function canSeeSite(principal: Principal, site: string): boolean {
  return principal.sites === 'all' || principal.sites.includes(site);
}

/**
 * The sites a query may return: the one requested (refused when outside the caller's scope), else every
 * site of the scope; null means no restriction (a group-wide scope asking for every site).
 */
export function sitesToQuery(principal: Principal, requested?: string): readonly string[] | null {
  if (requested !== undefined) {
    if (!canSeeSite(principal, requested)) throw new ForbiddenException(`site "${requested}" is outside your site scope`);
    return [requested];
  }
  return principal.sites === 'all' ? null : principal.sites;
}
