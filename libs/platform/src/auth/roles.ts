import { SetMetadata } from '@nestjs/common';

/**
 * What a person or system may do. Read roles see patient dose data; `integrator` (modalities, PACS,
 * `kerma import`) may only send objects; `site-admin` changes a site's settings.
 */
export const ROLES = ['viewer', 'physicist', 'site-admin', 'integrator', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Who may read patient dose data when a route declares nothing else. */
export const READ_ROLES: readonly Role[] = ['viewer', 'physicist', 'site-admin', 'auditor'];
/** Who may change state when a route declares nothing else. */
export const WRITE_ROLES: readonly Role[] = ['site-admin'];

export const ALLOWED_ROLES_KEY = 'kerma:allowed-roles';
export const PUBLIC_ROUTE_KEY = 'kerma:public-route';

/** The roles allowed on a controller or route, replacing the read/write defaults. */
export const AllowRoles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES_KEY, roles);

/** Probes and metrics: answered without a token (they carry no patient data). */
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE_KEY, true);

/** The authenticated caller, attached to the request by the auth guard. */
export interface Principal {
  readonly subject: string;
  readonly roles: readonly Role[];
  /** Sites whose data the caller may see; 'all' for a group-wide scope. */
  readonly sites: readonly string[] | 'all';
  readonly via: 'oidc' | 'api-key' | 'none';
  /** For an API key: its id (the subject is `api-key:<id>`). */
  readonly keyId?: string;
}

/** The principal of an unauthenticated loopback-only process (KERMA_AUTH=none). */
export const LOCAL_PRINCIPAL: Principal = { subject: 'local', roles: ROLES, sites: 'all', via: 'none' };
