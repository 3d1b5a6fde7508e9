import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ServiceTokenSource, type AuthSettings } from '@kerma/platform';

const SERVER = resolve(__dirname, '..', '..', 'deploy', 'local', 'oidc', 'oidc-server.mjs');

export interface OidcClient {
  readonly client_id: string;
  readonly client_secret: string;
  readonly roles: readonly string[];
  readonly sites: readonly string[];
  readonly ttlSeconds?: number;
}

/** A client of the provider with a secret of its own. */
export function oidcClient(client_id: string, roles: readonly string[], sites: readonly string[]): OidcClient {
  return { client_id, client_secret: randomBytes(16).toString('hex'), roles, sites };
}

export interface RunningOidcProvider {
  readonly issuer: string;
  readonly audience: string;
  /** An access token obtained the way a real client does: client-credentials grant at the token endpoint. */
  token(client: OidcClient): Promise<string>;
  /** Stops the provider and starts it again on the same port with a newly generated signing key. */
  rotateKey(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs deploy/local/oidc/oidc-server.mjs (the certified `oidc-provider` package) as its own process on
 * a loopback port: tests get their tokens from a real OpenID Connect provider, never sign them themselves.
 */
export async function startOidcProvider(port: number, clients: readonly OidcClient[], audience = 'urn:kerma:api'): Promise<RunningOidcProvider> {
  const dir = mkdtempSync(join(tmpdir(), 'kerma-oidc-'));
  const clientsFile = join(dir, 'clients.json');
  writeFileSync(clientsFile, JSON.stringify(clients));
  let child = await launch(port, clientsFile, audience);
  const issuer = `http://127.0.0.1:${port}`;
  return {
    issuer,
    audience,
    async token(client) {
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', resource: audience }),
      });
      const body = (await response.json()) as { access_token?: string; error?: string };
      if (!body.access_token) throw new Error(`token request for ${client.client_id} failed: ${JSON.stringify(body)}`);
      return body.access_token;
    },
    async rotateKey() {
      await stopChild(child);
      child = await launch(port, clientsFile, audience);
    },
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * What Kerma needs to trust the provider's tokens (roles and sites in the kerma_roles and kerma_sites claims) and
 * to get its own, as `service`, for its calls between services.
 */
export function kermaOidcOptions(oidc: RunningOidcProvider, service: OidcClient): { auth: AuthSettings; serviceToken: ServiceTokenSource } {
  return {
    auth: { mode: 'oidc', issuer: oidc.issuer, audience: oidc.audience, rolesClaim: 'kerma_roles', sitesClaim: 'kerma_sites' },
    serviceToken: new ServiceTokenSource(oidc.issuer, oidc.audience, service.client_id, service.client_secret),
  };
}

function launch(port: number, clientsFile: string, audience: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [SERVER, '--port', String(port), '--clients', clientsFile, '--audience', audience], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`OIDC provider did not start within 20 s:\n${output}`)), 20_000);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('issuer=')) {
        clearTimeout(timer);
        ready(child);
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`OIDC provider exited with ${code}:\n${output}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.removeAllListeners('exit');
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}
