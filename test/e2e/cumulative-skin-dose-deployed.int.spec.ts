import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssignerProtocol, Kafka, logLevel, Partitioners } from 'kafkajs';
import { patientKey, SkinDoseCalculatedV2 } from '@kerma/contracts';
import {
  createTestDatabase,
  deterministicUid,
  fixedView,
  describeIntegration,
  findFreePort,
  generateRdsr,
  integrationKafkaBrokers,
  integrationPgAdminUrl,
  procedureSpec,
  type ProcedureSpec,
  type TestDatabase,
} from '@kerma/testing';
import { eventually, getJson, stow } from '@kerma/testing';
import { logTail, startServiceProcess, stopServiceProcess, waitUntilServing, type ServiceProcess } from '../support/service-processes';

const PARTITIONS = 3;
const RUN = Date.now() % 1_000_000_007;
const PATIENT_ID = `CUM-DEPLOYED-${RUN}`;
const ISSUER = 'HOSP-X';
const TODAY = new Date().toISOString().slice(0, 10).replace(/-/g, '');

/** The partition the producers' default partitioner (Java-compatible murmur2) gives a key. */
function partitionOf(key: string): number {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: PARTITIONS }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
    partitionErrorCode: 0,
  }));
  return partitioner({ topic: SkinDoseCalculatedV2.topic, partitionMetadata, message: { key, value: null } });
}

const keyOf = (site: string) => patientKey({ site, patientId: PATIENT_ID, issuer: ISSUER, studyInstanceUid: '1' });

/** Which member of the history consumer group owns each partition of kerma.skin-dose.calculated.v2 (once both replicas are in). */
async function skinDosePartitionOwners(brokers: string[]): Promise<Map<number, string>> {
  const admin = new Kafka({ clientId: 'cumulative-e2e-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await eventually(
      async () => {
        const [group] = (await admin.describeGroups(['kerma-history'])).groups;
        if (group.state !== 'Stable' || group.members.length !== 2) return undefined;
        const owners = new Map<number, string>();
        for (const m of group.members) {
          const assignment = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
          for (const p of assignment?.assignment[SkinDoseCalculatedV2.topic] ?? []) owners.set(p, m.memberId);
        }
        return owners.size === PARTITIONS && new Set(owners.values()).size === 2 ? owners : undefined;
      },
      'both history replicas to own partitions of the skin-dose topic',
      90_000,
    );
  } finally {
    await admin.disconnect();
  }
}

/** Two sites whose events for this patient land on partitions owned by different history replicas (the key includes the site). */
function sitesOnDifferentReplicas(owners: Map<number, string>): [string, string] {
  const first = 'cath-a';
  const ownerOf = (site: string) => owners.get(partitionOf(keyOf(site)));
  for (let i = 0; i < 200; i++) {
    const other = `cath-b${i}`;
    if (ownerOf(other) !== ownerOf(first)) return [first, other];
  }
  throw new Error('no second site on a partition of the other replica');
}

const paChest = fixedView({ doseRpGy: 0.1 });

/** The same procedure (same seed, same views) under new UIDs. */
function study(tag: string): ProcedureSpec {
  const base = procedureSpec({ seed: 5, events: 10, patient: { id: PATIENT_ID, issuerOfId: ISSUER, heightM: 1.7, weightKg: 70 }, mapEvent: paChest });
  const uid = (part: string) => deterministicUid(RUN, `deployed-${tag}-${part}`);
  return {
    ...base,
    study: {
      ...base.study,
      studyInstanceUid: uid('study'),
      seriesInstanceUid: uid('series'),
      sopInstanceUid: uid('sop'),
      performedProcedureStepUid: uid('pps'),
      date: TODAY,
      time: '090000',
    },
    events: base.events.map((e, i) => ({ ...e, uid: uid(`event${i}`) })),
  };
}

describeIntegration(['kafka', 'postgres'])('deployed mode: cumulative skin dose across partitions and history replicas', () => {
  const brokers = integrationKafkaBrokers();
  const processes = new Map<string, ServiceProcess>();
  const databases: TestDatabase[] = [];
  let workDir: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'kerma-cumulative-deployed-'));
    const dbs: Record<string, TestDatabase> = {};
    for (const service of ['ingest', 'parser', 'skin-dose', 'history']) {
      dbs[service] = await createTestDatabase(integrationPgAdminUrl(), `kerma_cum_${service.replace('-', '_')}`);
      databases.push(dbs[service]);
    }
    // Two history replicas: one consumer group, one database.
    const instances = [
      ['ingest', 'ingest'],
      ['parser', 'parser'],
      ['skin-dose', 'skin-dose'],
      ['history-1', 'history'],
      ['history-2', 'history'],
    ] as const;
    for (const [name, service] of instances) {
      const port = await findFreePort();
      const env: Record<string, string> = {
        KAFKA_BROKERS: brokers.join(','),
        KAFKA_PARTITIONS: String(PARTITIONS),
        DATABASE_URL: dbs[service].url,
        LOG_LEVEL: 'log',
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
        ...(service === 'ingest' ? { STORAGE_DIR: join(workDir, 'archive'), KERMA_DEFAULT_SITE: 'cumulative-deployed' } : {}),
      };
      const logDir = join(workDir, name);
      mkdirSync(logDir);
      processes.set(name, startServiceProcess(service, port, env, logDir));
      // Replicas start one after the other so the second does not race the first's migrations.
      await waitUntilServing(processes.get(name)!);
    }
  }, 300_000);

  afterAll(async () => {
    await Promise.all([...processes.values()].map(stopServiceProcess));
    for (const db of databases) await db.drop().catch(() => undefined);
    rmSync(workDir, { recursive: true, force: true });
  }, 60_000);

  it('adds two identical studies handled by different replicas (different partitions) into twice the PSD, the same on either replica', async () => {
    const [siteA, siteB] = sitesOnDifferentReplicas(await skinDosePartitionOwners(brokers));
    expect(partitionOf(keyOf(siteA))).not.toBe(partitionOf(keyOf(siteB)));
    const first = study('a');
    const second = study('b');
    const ingest = processes.get('ingest')!.url;
    expect((await stow(ingest, [generateRdsr(first)], siteA)).status).toBe(200);
    expect((await stow(ingest, [generateRdsr(second)], siteB)).status).toBe(200);
    try {
      const history = (replica: string) => processes.get(replica)!.url;
      const path = `/api/v1/patients/${PATIENT_ID}/skin-dose?issuer=${ISSUER}`;
      const answer = await eventually(
        async () => {
          const { status, body } = await getJson(`${history('history-1')}${path}`);
          return status === 200 && body.studies.length === 2 && body.studies.every((s: { contribution: string }) => s.contribution === 'map')
            ? body
            : undefined;
        },
        'both studies with their maps in the cumulative skin dose',
        150_000,
      );
      const psd = answer.studies[0].psdGy as number;
      expect(answer.studies[1].psdGy).toBe(psd);
      // Reported PSDs have 4 significant digits (the maps keep float32).
      expect(answer.cumulativePsdGy / (2 * psd)).toBeCloseTo(1, 3);
      expect(answer.sumOfPsdGy).toBe(2 * psd);
      expect(answer.psdLocation.region).toMatch(/back/);
      expect(answer.studies.map((s: { site: string }) => s.site).sort()).toEqual([siteA, siteB].sort());

      const other = await getJson(`${history('history-2')}${path}`);
      expect(other.status).toBe(200);
      expect(other.body.cumulativePsdGy).toBe(answer.cumulativePsdGy);
      const png = await fetch(`${history('history-2')}${answer.mapUrl}`);
      expect(png.status).toBe(200);
      expect(png.headers.get('content-type')).toBe('image/png');
    } catch (err) {
      for (const p of processes.values()) process.stderr.write(`--- ${p.name} ---\n${logTail(p)}\n`);
      throw err;
    }
  });
});
