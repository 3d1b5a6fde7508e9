import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, findFreePort, type TestDatabase } from '@kerma/testing';
import { logTail, startServiceProcess, stopServiceProcess, waitUntilServing, type ServiceProcess } from '../../support/service-processes';
import { FAULT_ALERT_RULES_ENV } from './study-stream';

export const SERVICES = ['ingest', 'parser', 'skin-dose', 'history', 'notification'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Where a scenario reads results: one URL per service (deployed) or the same URL for all (single process). */
export interface KermaEndpoints {
  url(service: ServiceName): string;
}

/**
 * The five services as separate processes on one broker and one PostgreSQL server, each with its own
 * database, started the way a deployment starts them. Processes can be killed (SIGKILL, no shutdown
 * hook runs) and started again on the same database, port and archive; extra replicas can join.
 */
export class Deployment implements KermaEndpoints {
  private readonly processes = new Map<ServiceName, ServiceProcess>();
  private readonly replicas: ServiceProcess[] = [];
  private readonly env = new Map<ServiceName, Record<string, string>>();

  private constructor(
    private readonly workDir: string,
    private readonly databases: TestDatabase[],
  ) {}

  static async start(options: { brokers: readonly string[]; pgAdminUrl: string; workDir: string; partitions: number }): Promise<Deployment> {
    const databases: TestDatabase[] = [];
    const deployment = new Deployment(options.workDir, databases);
    for (const service of SERVICES) {
      const db = await createTestDatabase(options.pgAdminUrl, `kerma_faults_${service.replace('-', '_')}`);
      databases.push(db);
      const port = await findFreePort();
      deployment.env.set(service, {
        KAFKA_BROKERS: options.brokers.join(','),
        KAFKA_PARTITIONS: String(options.partitions),
        DATABASE_URL: db.url,
        LOG_LEVEL: 'log',
        PORT: String(port),
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
        ...(service === 'ingest' ? { STORAGE_DIR: join(options.workDir, 'archive'), KERMA_DEFAULT_SITE: 'fault-lab' } : {}),
        ...(service === 'notification' ? FAULT_ALERT_RULES_ENV : {}),
      });
    }
    await Promise.all(SERVICES.map((s) => deployment.launch(s)));
    return deployment;
  }

  url(service: ServiceName): string {
    return this.processes.get(service)!.url;
  }

  /** kill -9: no graceful shutdown, no offset commit, no outbox flush. */
  async kill(service: ServiceName): Promise<void> {
    const child = this.processes.get(service)!.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }

  /** Starts the service again with the same configuration (database, port, archive). */
  restart(service: ServiceName): Promise<void> {
    return this.launch(service);
  }

  /** A second process of the service in the same consumer group, on its own HTTP port. */
  async addReplica(service: ServiceName): Promise<ServiceProcess> {
    const port = await findFreePort();
    const env = { ...this.env.get(service)!, PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}` };
    const replica = startServiceProcess(service, port, env, this.logDir(`${service}-replica-${this.replicas.length + 1}`));
    this.replicas.push(replica);
    await waitUntilServing(replica);
    return replica;
  }

  /** The last lines of every process's log, for a failure message. */
  logTails(lines = 15): string {
    return [...this.processes.values(), ...this.replicas].map((p) => `--- ${p.name} (${p.logFile}) ---\n${logTail(p, lines)}`).join('\n');
  }

  async stop(): Promise<void> {
    await Promise.all([...this.processes.values(), ...this.replicas].map(stopServiceProcess));
    for (const db of this.databases) await db.drop().catch(() => undefined);
  }

  private async launch(service: ServiceName): Promise<void> {
    const env = this.env.get(service)!;
    const launches = this.processes.has(service) ? 'restart' : 'start';
    const process = startServiceProcess(service, Number(env['PORT']), env, this.logDir(`${service}-${launches}-${Date.now()}`));
    this.processes.set(service, process);
    await waitUntilServing(process);
  }

  /** One folder per process start, so a restart does not overwrite the log of the killed process. */
  private logDir(name: string): string {
    const dir = join(this.workDir, 'logs', name);
    mkdirSync(dir, { recursive: true });
    return dir;
  }
}
