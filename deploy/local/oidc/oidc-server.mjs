#!/usr/bin/env node
// A real OpenID Connect provider (the certified `oidc-provider` package) for local development and tests:
// client-credentials grant, JWT access tokens for Kerma's audience, roles and site scopes as claims.
//
//   node deploy/local/oidc/oidc-server.mjs [--port 9400] [--clients clients.json] [--keys keys.json]
//
// Prints `issuer=<url>` on stdout once it listens. Clients (JSON array): { client_id, client_secret, roles,
// sites, ttlSeconds? } — `roles` and `sites` become the access token's `kerma_roles` and `kerma_sites` claims.
// Keys: a private JWKS (JSON { keys: [...] }); without one a fresh RSA key is generated, so restarting the
// server with another key file is how a key rotation is exercised.
import { generateKeyPair, exportJWK } from 'jose';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const port = Number(args.port ?? process.env.KERMA_OIDC_PORT ?? 9400);
const audience = args.audience ?? process.env.KERMA_OIDC_AUDIENCE ?? 'urn:kerma:api';
const issuer = `http://127.0.0.1:${port}`;

const DEFAULT_CLIENTS = [
  { client_id: 'kerma-dev', client_secret: 'kerma-dev-secret', roles: ['viewer', 'physicist', 'site-admin', 'integrator', 'auditor'], sites: ['*'] },
];
const clients = args.clients ? JSON.parse(readFileSync(args.clients, 'utf8')) : DEFAULT_CLIENTS;
const byId = new Map(clients.map((c) => [c.client_id, c]));

async function signingKeys() {
  if (args.keys) return JSON.parse(readFileSync(args.keys, 'utf8'));
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { keys: [{ ...jwk, alg: 'RS256', use: 'sig', kid: `k-${Date.now().toString(36)}` }] };
}

const provider = new Provider(issuer, {
  jwks: await signingKeys(),
  cookies: { keys: [randomBytes(32).toString('hex')] },
  clients: clients.map(({ client_id, client_secret }) => ({
    client_id,
    client_secret,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
  })),
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => audience,
      getResourceServerInfo: (_ctx, resource) => {
        if (resource !== audience) throw new Provider.errors.InvalidTarget(`unknown resource ${resource}`);
        return { scope: 'kerma', audience, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
      },
    },
  },
  ttl: { ClientCredentials: (_ctx, _token, client) => byId.get(client.clientId)?.ttlSeconds ?? 600 },
  extraTokenClaims: (_ctx, token) => {
    const client = byId.get(token.clientId);
    return client ? { kerma_roles: client.roles, kerma_sites: client.sites } : undefined;
  },
});
provider.proxy = false;

const server = provider.listen(port, '127.0.0.1', () => process.stdout.write(`issuer=${issuer}\n`));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
