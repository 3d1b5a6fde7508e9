import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssignerProtocol, Kafka, logLevel, Partitioners } from 'kafkajs';
import { createTestDatabase, eventually, findFreePort, integrationPgAdminUrl, type TestDatabase } from '@kerma/testing';
import { startServiceProcess, stopServiceProcess, waitUntilServing, type ServiceProcess } from './service-processes';

/** As every deployed test: topics are created once per broker, and a reused broker keeps their partition count. */
export const DEPLOYED_PARTITIONS = 3;

/** The partition of `topic` the producers' default partitioner (Java-compatible murmur2) gives a key. */
export function partitionOf(topic: string, key: string): number {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: DEPLOYED_PARTITIONS }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
    partitionErrorCode: 0,
  }));
  return partitioner({ topic, partitionMetadata, message: { key, value: null } });
}

/** Which member of a consumer group owns each partition of `topic`, once its two members share them all. */
export async function partitionOwners(brokers: string[], groupId: string, topic: string): Promise<Map<number, string>> {
  const admin = new Kafka({ clientId: `${groupId}-owners`, brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await eventually(
      async () => {
        const [group] = (await admin.describeGroups([groupId])).groups;
        if (group.state !== 'Stable' || group.members.length !== 2) return undefined;
        const owners = new Map<number, string>();
        for (const m of group.members) {
          const assignment = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
          for (const p of assignment?.assignment[topic] ?? []) owners.set(p, m.memberId);
        }
        return owners.size === DEPLOYED_PARTITIONS && new Set(owners.values()).size === 2 ? owners : undefined;
      },
      `both members of ${groupId} to own partitions of ${topic}`,
      90_000,
    );
  } finally {
    await admin.disconnect();
  }
}

/**
 * Two sites whose messages on `topic` land on partitions of different owners (the patient key includes the
 * site): `<prefix>-a` and the first `<prefix>-b<i>` that does.
 */
export function sitesOnDifferentOwners(owners: Map<number, string>, topic: string, keyOf: (site: string) => string, prefix: string): [string, string] {
  const first = `${prefix}-a`;
  const ownerOf = (site: string) => owners.get(partitionOf(topic, keyOf(site)));
  for (let i = 0; i < 200; i++) {
    const other = `${prefix}-b${i}`;
    if (ownerOf(other) !== ownerOf(first)) return [first, other];
  }
  throw new Error('no second site on a partition of the other owner');
}

export interface ReplicatedDeploymentOptions {
  readonly brokers: string[];
  /** Prefix of the test databases, one per service and shared by its replicas. */
  readonly databasePrefix: string;
  /** Ingest's default site. */
  readonly defaultSite: string;
  /** Each process: its name (e.g. 'history-2') and the service it runs. */
  readonly instances: readonly (readonly [name: string, service: string])[];
}

/** Services as separate processes on Kafka and PostgreSQL, some of them as several replicas of one consumer group. */
export class ReplicatedDeployment {
  readonly processes = new Map<string, ServiceProcess>();
  private readonly databases: TestDatabase[] = [];
  private workDir: string | undefined;

  constructor(private readonly options: ReplicatedDeploymentOptions) {}

  url(name: string): string {
    const started = this.processes.get(name);
    if (!started) throw new Error(`no process named ${name}`);
    return started.url;
  }

  /** Starts the processes one after the other, so a replica does not race the first one's migrations. */
  async start(): Promise<void> {
    const { brokers, databasePrefix, defaultSite, instances } = this.options;
    const workDir = mkdtempSync(join(tmpdir(), `kerma-${defaultSite}-`));
    this.workDir = workDir;
    const urls: Record<string, string> = {};
    for (const service of new Set(instances.map(([, service]) => service))) {
      const db = await createTestDatabase(integrationPgAdminUrl(), `${databasePrefix}_${service.replace('-', '_')}`);
      this.databases.push(db);
      urls[service] = db.url;
    }
    for (const [name, service] of instances) {
      const port = await findFreePort();
      const env: Record<string, string> = {
        KAFKA_BROKERS: brokers.join(','),
        KAFKA_PARTITIONS: String(DEPLOYED_PARTITIONS),
        DATABASE_URL: urls[service],
        LOG_LEVEL: 'log',
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
        ...(service === 'ingest' ? { STORAGE_DIR: join(workDir, 'archive'), KERMA_DEFAULT_SITE: defaultSite } : {}),
      };
      const logDir = join(workDir, name);
      mkdirSync(logDir);
      this.processes.set(name, startServiceProcess(service, port, env, logDir));
      await waitUntilServing(this.processes.get(name)!);
    }
  }

  /** Stops every process and drops the databases; the logs stay with KERMA_E2E_KEEP_LOGS set. */
  async stop(): Promise<void> {
    await Promise.all([...this.processes.values()].map(stopServiceProcess));
    for (const db of this.databases) await db.drop().catch(() => undefined);
    if (this.workDir && !process.env.KERMA_E2E_KEEP_LOGS) rmSync(this.workDir, { recursive: true, force: true });
  }
}
