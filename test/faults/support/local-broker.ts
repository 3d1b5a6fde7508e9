import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { findFreePort } from '@kerma/testing';

const KAFKA_SH = resolve(__dirname, '..', '..', '..', 'deploy', 'local', 'kafka', 'kafka.sh');
const run = promisify(execFile);

/**
 * A broker this test owns (deploy/local/kafka/kafka.sh), so it can be stopped and started again on its
 * data. KAFKA_PORT, KAFKA_CONTROLLER_PORT and KERMA_STATE_DIR choose where; free ports and a scratch
 * state dir otherwise.
 */
export class LocalBroker {
  private constructor(
    private readonly env: NodeJS.ProcessEnv,
    readonly bootstrap: string,
  ) {}

  /** Starts on fresh storage. */
  static async start(): Promise<LocalBroker> {
    const port = process.env['KAFKA_PORT'] ?? String(await findFreePort());
    const controllerPort = process.env['KAFKA_CONTROLLER_PORT'] ?? String(await findFreePort());
    const stateDir = process.env['KERMA_STATE_DIR'] ?? mkdtempSync(join(tmpdir(), 'kerma-faults-kafka-'));
    const env = { ...process.env, KAFKA_PORT: port, KAFKA_CONTROLLER_PORT: controllerPort, KERMA_STATE_DIR: stateDir };
    const broker = new LocalBroker(env, `127.0.0.1:${port}`);
    await broker.script('stop');
    await broker.script('start', { KAFKA_KEEP_DATA: '0' });
    return broker;
  }

  get brokers(): string[] {
    return [this.bootstrap];
  }

  /** Controlled shutdown: the broker flushes its logs, clients see it gone. */
  stop(): Promise<void> {
    return this.script('stop');
  }

  /** Starts again on the data of the previous start (topics, messages, committed offsets). */
  restart(): Promise<void> {
    return this.script('start', { KAFKA_KEEP_DATA: '1' });
  }

  private async script(command: 'start' | 'stop', extra: Record<string, string> = {}): Promise<void> {
    await run(KAFKA_SH, [command], { env: { ...this.env, ...extra }, timeout: 180_000 });
  }
}
