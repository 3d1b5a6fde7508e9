import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * A FHIR R4 server for the push tests: deploy/local/fhir-server/fhir-server.sh (HAPI FHIR's plain server validating
 * what it receives), started on `port` with a bearer token; or, when KERMA_TEST_FHIR_SERVER_URL is set, that
 * existing server (its token, if any, in KERMA_TEST_FHIR_SERVER_TOKEN). FHIR_SERVER_SCRIPT overrides the script.
 */
export class FhirServerProcess {
  private constructor(
    readonly baseUrl: string,
    readonly token: string | null,
    private readonly child: ChildProcessWithoutNullStreams | null,
  ) {}

  static async start(port: number, token: string): Promise<FhirServerProcess> {
    const existing = process.env.KERMA_TEST_FHIR_SERVER_URL;
    if (existing) return new FhirServerProcess(existing.replace(/\/+$/, ''), process.env.KERMA_TEST_FHIR_SERVER_TOKEN || null, null);
    const script = process.env.FHIR_SERVER_SCRIPT ?? resolve(__dirname, '../../deploy/local/fhir-server/fhir-server.sh');
    const child = spawn(script, ['serve', String(port)], { stdio: 'pipe', env: { ...process.env, FHIR_SERVER_TOKEN: token } });
    const stderr: string[] = [];
    child.stderr.on('data', (chunk: Buffer) => void stderr.push(chunk.toString('utf8')));
    const ready = await new Promise<string>((answer, fail) => {
      const exited = () => fail(new Error(`the FHIR server exited (${child.exitCode}): ${stderr.join('').slice(-2000)}`));
      child.once('exit', exited);
      createInterface({ input: child.stdout }).once('line', (line) => {
        child.off('exit', exited);
        answer(line);
      });
    });
    const { baseUrl } = JSON.parse(ready) as { ready: boolean; baseUrl: string };
    return new FhirServerProcess(baseUrl, token, child);
  }

  /** GET a path under the base URL, with the token; answers the status and the parsed body. */
  async get(path: string): Promise<{ status: number; body: Record<string, any> }> {
    const response = await fetch(`${this.baseUrl}/${path}`, {
      headers: { accept: 'application/fhir+json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGTERM');
    await exited;
  }
}
