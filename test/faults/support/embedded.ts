import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { findFreePort } from '@kerma/testing';
import { logTail, startServiceProcess, stopServiceProcess, waitUntilServing, type ServiceProcess } from '../../support/service-processes';
import { FAULT_ALERT_RULES_ENV } from './study-stream';
import type { KermaEndpoints } from './deployment';

/** The single-process mode as `npm start` runs it (services/all-in-one), on a data directory that outlives the process. */
export class EmbeddedKerma implements KermaEndpoints {
  private process!: ServiceProcess;
  private starts = 0;

  private constructor(
    private readonly port: number,
    private readonly dataDir: string,
    private readonly workDir: string,
  ) {}

  static async start(workDir: string): Promise<EmbeddedKerma> {
    const kerma = new EmbeddedKerma(await findFreePort(), join(workDir, 'data'), workDir);
    await kerma.launch();
    return kerma;
  }

  url(): string {
    return this.process.url;
  }

  async kill(): Promise<void> {
    const child = this.process.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }

  restart(): Promise<void> {
    return this.launch();
  }

  logTails(lines = 30): string {
    return `--- kerma (${this.process.logFile}) ---\n${logTail(this.process, lines)}`;
  }

  stop(): Promise<void> {
    return stopServiceProcess(this.process);
  }

  private async launch(): Promise<void> {
    const logDir = join(this.workDir, 'logs', `start-${++this.starts}`);
    mkdirSync(logDir, { recursive: true });
    this.process = startServiceProcess(
      'all-in-one',
      this.port,
      { KERMA_DATA_DIR: this.dataDir, KERMA_DEFAULT_SITE: 'fault-lab', LOG_LEVEL: 'log', ...FAULT_ALERT_RULES_ENV },
      logDir,
    );
    await waitUntilServing(this.process);
  }
}
