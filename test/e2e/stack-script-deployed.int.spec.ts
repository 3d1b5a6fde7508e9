import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import {
  describeIntegration,
  eventually,
  findFreePort,
  generateRdsr,
  getJson,
  integrationKafkaBrokers,
  integrationPgAdminUrl,
  procedureSpec,
  stow,
  storedCount,
} from '@kerma/testing';

const REPO = resolve(__dirname, '..', '..');
const STACK_SH = join(REPO, 'deploy', 'local', 'stack.sh');
const SERVICES = ['ingest', 'parser', 'skin-dose', 'history', 'notification'] as const;
const run = promisify(execFile);

/** deploy/helm/kerma/routes.txt, read as nginx applies it: a matching regex first, else the longest matching prefix. */
function routeOf(path: string): string | null {
  const routes = readFileSync(join(REPO, 'deploy', 'helm', 'kerma', 'routes.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => line.trim().split(/\s+/) as [string, string, string]);
  const regex = routes.find(([kind, pattern]) => kind === 'regex' && new RegExp(`^${pattern}`).test(path));
  if (regex) return regex[2];
  const prefixes = routes.filter(([kind, prefix]) => kind === 'prefix' && (path === prefix || path.startsWith(`${prefix}/`)));
  return prefixes.sort((a, b) => b[1].length - a[1].length)[0]?.[2] ?? null;
}

/** True when something accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((answer) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), answer(true)));
    socket.once('error', () => answer(false));
  });
}

function bindable(port: number): Promise<boolean> {
  return new Promise((answer) => {
    const server = createServer();
    server.once('error', () => answer(false));
    server.listen(port, '127.0.0.1', () => server.close(() => answer(true)));
  });
}

/** A first port with the four after it free too: stack.sh gives the five services consecutive ports. */
async function freePortRun(length: number): Promise<number> {
  for (;;) {
    const first = await findFreePort();
    if (first + length > 65535) continue;
    const free = await Promise.all(Array.from({ length }, (_, i) => bindable(first + i)));
    if (free.every(Boolean)) return first;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describeIntegration(['kafka', 'postgres'])('deploy/local/stack.sh: the deployed mode behind one base URL (nginx)', () => {
  const stackDir = mkdtempSync(join(tmpdir(), 'kerma-stack-test-'));
  const dbPrefix = `kerma_stack_test_${process.pid}`;
  let env: NodeJS.ProcessEnv;
  let proxyPort: number;

  const stackSh = (command: 'up' | 'down' | 'pids') => run(STACK_SH, [command], { env, cwd: REPO, timeout: 400_000, maxBuffer: 1 << 20 });

  beforeAll(async () => {
    const missing = SERVICES.filter((s) => !existsSync(join(REPO, 'dist', 'services', s, 'src', 'main.js')));
    if (missing.length) throw new Error(`dist/ lacks ${missing.join(', ')}: run \`npm run build\` before this suite (stack.sh runs the built services)`);
    proxyPort = await findFreePort();
    env = {
      ...process.env,
      KERMA_STACK_DIR: stackDir,
      KERMA_STACK_PORT: String(proxyPort),
      KERMA_STACK_BASE_PORT: String(await freePortRun(SERVICES.length)),
      KERMA_STACK_DB_PREFIX: dbPrefix,
      KAFKA_BROKERS: integrationKafkaBrokers().join(','),
      DATABASE_URL: integrationPgAdminUrl(),
    };
  });

  afterAll(async () => {
    // Whatever a failed test left running.
    await stackSh('down').catch(() => undefined);
    rmSync(stackDir, { recursive: true, force: true });
  }, 120_000);

  it('serves STOW-RS, the study and its skin dose through the one URL it prints last, and `down` leaves nothing behind', async () => {
    const up = await stackSh('up');
    const baseUrl = up.stdout.trim().split('\n').pop()!;
    expect(baseUrl).toBe(`http://127.0.0.1:${proxyPort}`);

    const processes = (await stackSh('pids')).stdout
      .trim()
      .split('\n')
      .map((line) => line.split(' '))
      .map(([name, pid, port]) => ({ name, pid: Number(pid), port: Number(port) }));
    expect(processes.map((p) => p.name).sort()).toEqual([...SERVICES, 'nginx'].sort());

    // Every path a service documents is routed to that service by the one table the Ingress and nginx share.
    const misrouted: string[] = [];
    let routed = 0;
    for (const service of processes.filter((p) => p.name !== 'nginx')) {
      const { status, body } = await getJson(`http://127.0.0.1:${service.port}/api/docs-json`);
      expect(status).toBe(200);
      for (const documented of Object.keys(body.paths)) {
        const path = documented.replace(/\{[^}]+\}/g, '1.2.3');
        if (path === '/health' || path.startsWith('/health/') || path === '/metrics') continue; // probes: per pod, never routed
        routed++;
        if (routeOf(path) !== service.name) misrouted.push(`${documented} (${service.name}) → ${routeOf(path)}`);
      }
    }
    expect(routed).toBeGreaterThan(40);
    expect(misrouted).toEqual([]);

    const spec = procedureSpec({ seed: Date.now() % 1_000_000_007, vendor: 'siemens', events: 6 });
    const studyUid = spec.study.studyInstanceUid;
    const stored = await stow(baseUrl, [generateRdsr(spec)]);
    expect(stored.status).toBe(200);
    expect(storedCount(stored)).toBe(1);

    // history serves the study, skin-dose its skin dose (a regex route under the same /api/v1/studies prefix).
    const study = await eventually(
      async () => {
        const { status, body } = await getJson(`${baseUrl}/api/v1/studies/${studyUid}`);
        return status === 200 && body.status?.overall === 'complete' ? body : undefined;
      },
      'the study view complete through the proxy',
      180_000,
    );
    expect(study.studyInstanceUid).toBe(studyUid);
    const skinDose = await eventually(
      async () => {
        const { status, body } = await getJson(`${baseUrl}/api/v1/studies/${studyUid}/skin-dose`);
        return status === 200 && body.status === 'calculated' ? body : undefined;
      },
      'the skin dose through the proxy',
      120_000,
    );
    expect(skinDose.studyInstanceUid).toBe(studyUid);
    expect(skinDose.result.psdGy).toBeGreaterThan(0);
    // The STOW answer's retrieve URL is under the same base URL, and the object comes back through it.
    const retrieveUrl = (stored.body as any)['00081199'].Value[0]['00081190'].Value[0] as string;
    expect(retrieveUrl.startsWith(`${baseUrl}/api/v1/instances/`)).toBe(true);
    const file = await fetch(retrieveUrl);
    expect(file.status).toBe(200);
    expect(
      Buffer.from(await file.arrayBuffer())
        .subarray(128, 132)
        .toString('latin1'),
    ).toBe('DICM');

    await stackSh('down');
    expect(processes.filter((p) => alive(p.pid)).map((p) => p.name)).toEqual([]);
    const stillListening = await Promise.all(processes.map(async (p) => ((await listening(p.port)) ? p.name : null)));
    expect(stillListening.filter(Boolean)).toEqual([]);
    const admin = new Client({ connectionString: integrationPgAdminUrl() });
    await admin.connect();
    try {
      const left = await admin.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${dbPrefix}%`]);
      expect(left.rows).toEqual([]);
    } finally {
      await admin.end();
    }
  }, 600_000);
});
