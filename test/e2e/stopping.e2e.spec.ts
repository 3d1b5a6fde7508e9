import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findFreePort } from '@kerma/testing';

const REPO = resolve(__dirname, '..', '..');
const STOP_WITHIN_MS = 10_000;

/** Every process below `pid` (Linux: ps by parent id), so a test can see that none is left running. */
function descendantsOf(pid: number): number[] {
  let children: number[];
  try {
    children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((s) => Number(s.trim()))
      .filter((n) => n > 0);
  } catch {
    children = []; // ps exits 1 when there is none
  }
  return children.flatMap((child) => [child, ...descendantsOf(child)]);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - start;
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

describe('stopping the single-process app started with `npm start`', () => {
  let dataDir: string;
  let npm: ChildProcess | undefined;
  let started: number[] = [];

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kerma-stop-'));
  });

  afterEach(() => {
    for (const pid of started) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    if (npm?.pid && isRunning(npm.pid)) npm.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function startWithNpm(): Promise<string> {
    const port = await findFreePort();
    // Its own process group, like a job in a terminal, so Ctrl-C can be sent to the group.
    npm = spawn('npm', ['start'], {
      cwd: REPO,
      detached: true,
      env: { ...process.env, PORT: String(port), KERMA_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    const health = `http://127.0.0.1:${port}/health`;
    await waitFor('start-up', () => answers(health), 90_000);
    started = descendantsOf(npm.pid!);
    expect(started.length).toBeGreaterThan(0);
    return health;
  }

  it.each([
    ['SIGTERM to npm alone (a service manager stopping its main process)', 'SIGTERM', false],
    ['Ctrl-C in the terminal (SIGINT to the process group)', 'SIGINT', true],
  ] as const)('%s stops every process npm started, within 10 s', async (_case, signal, toGroup) => {
    const health = await startWithNpm();
    process.kill(toGroup ? -npm!.pid! : npm!.pid!, signal);
    await waitFor('HTTP port closed', async () => !(await answers(health)), STOP_WITHIN_MS);
    await waitFor('all processes gone', () => started.every((pid) => !isRunning(pid)), STOP_WITHIN_MS);
  });

  it('SIGTERM to the node process itself stops it gracefully with exit code 0', async () => {
    const health = await startWithNpm();
    const node = started[started.length - 1];
    const exited = new Promise<number | null>((done) => npm!.once('exit', (code) => done(code)));
    process.kill(node, 'SIGTERM');
    await waitFor('node process gone', () => !isRunning(node), STOP_WITHIN_MS);
    expect(await answers(health)).toBe(false);
    expect(await exited).toBe(0);
  });
});
