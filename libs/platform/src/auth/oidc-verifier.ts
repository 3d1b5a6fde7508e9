import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { ROLES, type Principal, type Role } from './roles';

/**
 * Asymmetric algorithms only: an HS256 token "signed" with the public key (RS/HS confusion) and
 * `alg: none` are refused by construction, whatever the token header says.
 */
const ACCEPTED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

export interface OidcVerifierSettings {
  readonly issuer: string;
  readonly audience: string;
  readonly rolesClaim: string;
  readonly sitesClaim: string;
}

/**
 * Verifies bearer tokens of one OpenID Connect issuer: keys from the issuer's discovery document and
 * JWKS (fetched on first use; a token signed with a key not yet seen triggers a refetch, which is how a
 * key rotation is followed), then signature, issuer, audience and expiry.
 */
export class OidcVerifier {
  private jwks?: Promise<ReturnType<typeof createRemoteJWKSet>>;

  constructor(private readonly settings: OidcVerifierSettings) {}

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await this.keySet(), {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: ACCEPTED_ALGORITHMS,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (err) {
      throw new InvalidTokenError(describeJoseError(err));
    }
    return {
      subject: String(payload.sub),
      roles: rolesOf(claimAt(payload, this.settings.rolesClaim)),
      sites: sitesOf(claimAt(payload, this.settings.sitesClaim)),
      via: 'oidc',
    };
  }

  private keySet(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    this.jwks ??= discoverJwksUri(this.settings.issuer).then(
      (uri) => createRemoteJWKSet(new URL(uri), { cooldownDuration: 5_000, cacheMaxAge: 10 * 60_000 }),
      (err: unknown) => {
        this.jwks = undefined; // the issuer may come back: try discovery again with the next request
        throw err;
      },
    );
    return this.jwks;
  }
}

async function discoverJwksUri(issuer: string): Promise<string> {
  const url = `${issuer}/.well-known/openid-configuration`;
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`OIDC discovery ${url} answered ${response.status}`);
  const document = (await response.json()) as { issuer?: string; jwks_uri?: string };
  if (document.issuer !== issuer) throw new Error(`OIDC discovery ${url} names issuer "${document.issuer}", expected "${issuer}"`);
  if (!document.jwks_uri) throw new Error(`OIDC discovery ${url} has no jwks_uri`);
  return document.jwks_uri;
}

/** A reason the caller can act on, without echoing the token. */
function describeJoseError(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'token expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `token claim "${err.claim}" rejected: ${err.reason}`;
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'token signing algorithm not accepted (asymmetric algorithms only)';
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'token signature invalid';
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'token signed with a key the issuer does not publish';
  if (err instanceof joseErrors.JOSEError) return `token rejected (${err.code})`;
  return `token could not be verified: ${(err as Error).message}`;
}

function claimAt(payload: JWTPayload, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), payload);
}

function rolesOf(claim: unknown): Role[] {
  const values = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(/[\s,]+/) : [];
  return ROLES.filter((role) => values.includes(role));
}

function sitesOf(claim: unknown): readonly string[] | 'all' {
  const values = (Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(/[\s,]+/) : []).map(String).filter(Boolean);
  return values.includes('*') ? 'all' : values;
}
