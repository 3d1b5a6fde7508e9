import { InvalidArgumentError, type Command } from 'commander';
import { authorizationHeader, withAccessTokenOption } from './access-token';
import { parseBaseUrl } from './import';

const ROLES = ['viewer', 'physicist', 'integrator', 'auditor'];
const TIMEOUT_MS = 30_000;

interface ApiKeyView {
  id: string;
  name: string;
  site: string;
  role: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  key?: string;
}

function parseRole(value: string): string {
  if (!ROLES.includes(value)) throw new InvalidArgumentError(`expected one of ${ROLES.join(', ')}`);
  return value;
}

/** Calls the API key routes of a Kerma (single process or history service); throws with Kerma's own message. */
export async function callApiKeys(
  baseUrl: string,
  path: string,
  token: string | undefined,
  init: { method: 'GET' | 'POST'; body?: unknown },
): Promise<unknown> {
  const url = new URL(`api/v1/api-keys${path}`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  const response = await fetch(url, {
    method: init.method,
    headers: { ...authorizationHeader(token), ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await response.text();
  let body: { message?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = {};
  }
  if (!response.ok) throw new Error(`Kerma answered HTTP ${response.status}: ${typeof body.message === 'string' ? body.message : text.slice(0, 200)}`);
  return body;
}

export function describeKey(k: ApiKeyView): string {
  const state = k.revokedAt ? `revoked ${k.revokedAt}` : 'active';
  return `${k.id}  ${k.site}  ${k.role}  ${state}  last used ${k.lastUsedAt ?? 'never'}  "${k.name}" (by ${k.createdBy}, ${k.createdAt})`;
}

/** `kerma api-keys create|list|revoke`: a site administrator manages the keys of modalities and integrations. */
export function registerApiKeysCommands(program: Command): void {
  const group = program.command('api-keys').description('API keys for modalities and integrations that cannot use OpenID Connect (site-admin token required)');
  const run = async (name: string, action: () => Promise<string>): Promise<void> => {
    try {
      process.stdout.write(`${await action()}\n`);
    } catch (err) {
      const error = err as Error & { cause?: { code?: string } };
      process.stderr.write(`kerma api-keys ${name}: ${error.message}${error.cause?.code ? ` (${error.cause.code})` : ''}\n`);
      process.exitCode = 1;
    }
  };

  withAccessTokenOption(
    group
      .command('create')
      .description('create a key for one site and one role; the key is printed this once only')
      .requiredOption('--url <url>', 'base URL of Kerma (single process or history service)', parseBaseUrl)
      .requiredOption('--site <site>', 'the only site the key may read or send for')
      .requiredOption('--role <role>', `${ROLES.join(', ')} (integrator to send objects, viewer for a dashboard)`, parseRole)
      .requiredOption('--name <name>', 'what the key is for, e.g. "angio room 2"'),
  ).action((opts: { url: string; site: string; role: string; name: string; token?: string }) =>
    run('create', async () => {
      const created = (await callApiKeys(opts.url, '', opts.token, {
        method: 'POST',
        body: { name: opts.name, site: opts.site, role: opts.role },
      })) as ApiKeyView;
      return `${created.key}\n(key ${created.id} for ${created.site} as ${created.role}: store it now, Kerma keeps only its hash and cannot show it again)`;
    }),
  );

  withAccessTokenOption(
    group
      .command('list')
      .description('keys of the sites in your scope, with their last use')
      .requiredOption('--url <url>', 'base URL of Kerma (single process or history service)', parseBaseUrl)
      .option('--site <site>', 'one site only'),
  ).action((opts: { url: string; site?: string; token?: string }) =>
    run('list', async () => {
      const { apiKeys } = (await callApiKeys(opts.url, opts.site ? `?site=${encodeURIComponent(opts.site)}` : '', opts.token, { method: 'GET' })) as {
        apiKeys: ApiKeyView[];
      };
      return apiKeys.length === 0 ? 'no API keys' : apiKeys.map(describeKey).join('\n');
    }),
  );

  withAccessTokenOption(
    group
      .command('revoke')
      .description('revoke a key: every service refuses it once it receives the revocation')
      .requiredOption('--url <url>', 'base URL of Kerma (single process or history service)', parseBaseUrl)
      .requiredOption('--id <keyId>', 'the key id (the part after kerma_)'),
  ).action((opts: { url: string; id: string; token?: string }) =>
    run('revoke', async () =>
      describeKey((await callApiKeys(opts.url, `/${encodeURIComponent(opts.id)}:revoke`, opts.token, { method: 'POST' })) as ApiKeyView),
    ),
  );
}
