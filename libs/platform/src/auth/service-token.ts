import { z } from 'zod';
import { ConfigError, loadConfig } from '../config/load-config';
import { configuredAuth } from './auth-settings';

/** Renew this long before expiry, so a token never expires in flight. */
const RENEW_BEFORE_MS = 30_000;

/**
 * A service's own access token (OAuth 2.0 client credentials), for the HTTP calls one Kerma service makes
 * to another when authentication is on (the parser reading an original from ingest). Cached until shortly
 * before it expires; the audience is requested as a resource indicator (RFC 8707).
 */
export class ServiceTokenSource {
  private cached?: { token: string; renewAtMs: number };
  private tokenEndpoint?: Promise<string>;

  constructor(
    private readonly issuer: string,
    private readonly audience: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
  ) {}

  async authorizationHeader(): Promise<{ authorization: string }> {
    if (!this.cached || Date.now() >= this.cached.renewAtMs) this.cached = await this.requestToken();
    return { authorization: `Bearer ${this.cached.token}` };
  }

  private async requestToken(): Promise<{ token: string; renewAtMs: number }> {
    const endpoint = await this.endpoint();
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(this.clientId)}:${encodeURIComponent(this.clientSecret)}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', resource: this.audience }),
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) throw new Error(`token request for client ${this.clientId} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
    const body = (await response.json()) as { access_token?: string; expires_in?: number };
    if (!body.access_token) throw new Error(`token response for client ${this.clientId} has no access_token`);
    return { token: body.access_token, renewAtMs: Date.now() + Math.max(0, (body.expires_in ?? 60) * 1000 - RENEW_BEFORE_MS) };
  }

  private endpoint(): Promise<string> {
    this.tokenEndpoint ??= fetch(`${this.issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5_000) })
      .then(async (response) => {
        if (!response.ok) throw new Error(`OIDC discovery answered ${response.status}`);
        const { token_endpoint } = (await response.json()) as { token_endpoint?: string };
        if (!token_endpoint) throw new Error('OIDC discovery has no token_endpoint');
        return token_endpoint;
      })
      .catch((err: unknown) => {
        this.tokenEndpoint = undefined;
        throw err;
      });
    return this.tokenEndpoint;
  }
}

/** The service's client credentials, required when authentication is on and the service calls a peer. */
export function serviceTokenSourceFromEnv(source: NodeJS.ProcessEnv = process.env): ServiceTokenSource | undefined {
  const auth = configuredAuth(source);
  if (auth?.mode !== 'oidc') return undefined;
  const cfg = loadConfig({ KERMA_OIDC_CLIENT_ID: z.string().min(1).optional(), KERMA_OIDC_CLIENT_SECRET: z.string().min(1).optional() }, source);
  const missing = (['KERMA_OIDC_CLIENT_ID', 'KERMA_OIDC_CLIENT_SECRET'] as const).filter((name) => !cfg[name]);
  if (missing.length > 0)
    throw new ConfigError(missing.map((name) => `${name}: required when KERMA_AUTH=oidc (this service reads from another one with its own token)`));
  return new ServiceTokenSource(auth.issuer, auth.audience, cfg.KERMA_OIDC_CLIENT_ID!, cfg.KERMA_OIDC_CLIENT_SECRET!);
}
