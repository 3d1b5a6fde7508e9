import { isIP } from 'node:net';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../config/load-config';

export type AuthSettings =
  | { readonly mode: 'none'; readonly explicit: boolean }
  | {
      readonly mode: 'oidc';
      readonly issuer: string;
      readonly audience: string;
      /** Claim holding the caller's roles (a dotted path reaches nested claims, e.g. realm_access.roles). */
      readonly rolesClaim: string;
      /** Claim holding the sites the caller may see ('*' = all sites). */
      readonly sitesClaim: string;
    };

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1']);

function isLoopback(host: string): boolean {
  if (LOOPBACK_NAMES.has(host)) return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/**
 * Authentication of the HTTP API and DICOMweb, validated at start-up. Without KERMA_AUTH a process
 * may only listen on a loopback address: patient dose data is never served unauthenticated on a network
 * by default. KERMA_AUTH=none on another address is allowed but stated (the caller logs a warning each start).
 */
export function authSettingsFromEnv(host: string, source: NodeJS.ProcessEnv = process.env): AuthSettings {
  const configured = configuredAuth(source);
  if (configured) return configured;
  if (!isLoopback(host)) {
    throw new ConfigError([
      `KERMA_AUTH: not set while HOST=${host} is not a loopback address. Patient dose data would be served to anyone who can reach the port. ` +
        'Set KERMA_AUTH=oidc with KERMA_OIDC_ISSUER and KERMA_OIDC_AUDIENCE, or KERMA_AUTH=none to accept that explicitly (a warning is logged at every start).',
    ]);
  }
  return { mode: 'none', explicit: false };
}

/** What KERMA_AUTH and the KERMA_OIDC_* variables say, validated; undefined when KERMA_AUTH is not set. */
export function configuredAuth(source: NodeJS.ProcessEnv = process.env): AuthSettings | undefined {
  const cfg = loadConfig(
    {
      KERMA_AUTH: z.enum(['oidc', 'none']).optional(),
      KERMA_OIDC_ISSUER: z.string().url('expected the issuer URL, e.g. https://login.example.org/realms/kerma').optional(),
      KERMA_OIDC_AUDIENCE: z.string().min(1).optional(),
      KERMA_OIDC_ROLES_CLAIM: z.string().min(1).default('kerma_roles'),
      KERMA_OIDC_SITES_CLAIM: z.string().min(1).default('kerma_sites'),
    },
    source,
  );
  if (cfg.KERMA_AUTH === 'oidc') {
    const missing = (['KERMA_OIDC_ISSUER', 'KERMA_OIDC_AUDIENCE'] as const).filter((name) => !cfg[name]);
    if (missing.length > 0) throw new ConfigError(missing.map((name) => `${name}: required when KERMA_AUTH=oidc`));
    return {
      mode: 'oidc',
      issuer: cfg.KERMA_OIDC_ISSUER!.replace(/\/$/, ''),
      audience: cfg.KERMA_OIDC_AUDIENCE!,
      rolesClaim: cfg.KERMA_OIDC_ROLES_CLAIM,
      sitesClaim: cfg.KERMA_OIDC_SITES_CLAIM,
    };
  }
  if (cfg.KERMA_AUTH === 'none') return { mode: 'none', explicit: true };
  return undefined;
}
