import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '..', '..');

export interface ServiceProcess {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  readonly logFile: string;
  readonly child: ChildProcess;
}

/** Starts one service the way a deployment does (`npm run start:<name>`): its own process, configured by environment. */
export function startServiceProcess(name: string, port: number, env: Record<string, string>, logDir: string): ServiceProcess {
  const logFile = join(logDir, `${name}.log`);
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, [join(REPO, 'tools', 'run-ts.js'), join(REPO, 'services', name, 'src', 'main.ts')], {
    cwd: REPO,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  return { name, port, url: `http://127.0.0.1:${port}`, logFile, child };
}

/** Resolves once the service answers HTTP; rejects with its log tail if it exits or stays silent. */
export async function waitUntilServing(service: ServiceProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) throw new Error(`${service.name} exited with ${service.child.exitCode}:\n${logTail(service)}`);
    try {
      const response = await fetch(`${service.url}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${service.name} did not start within ${timeoutMs} ms:\n${logTail(service)}`);
}

export function logTail(service: ServiceProcess, lines = 30): string {
  try {
    return readFileSync(service.logFile, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export async function stopServiceProcess(service: ServiceProcess): Promise<void> {
  if (service.child.exitCode !== null) return;
  const exited = new Promise<void>((r) => service.child.once('exit', () => r()));
  service.child.kill('SIGTERM');
  const timer = setTimeout(() => service.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
