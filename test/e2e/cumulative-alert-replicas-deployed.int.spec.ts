import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssignerProtocol, Kafka, logLevel, Partitioners } from 'kafkajs';
import { DoseAlertV1, patientKey, SkinDoseCalculatedV2 } from '@kerma/contracts';
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
import { logTail, startServiceProcess, stopServiceProcess, waitUntilServing, type ServiceProcess } from '../support/service-processes';
import { eventually, getJson, stow } from '@kerma/testing';

// As every deployed test: topics are created once per broker, and a reused broker keeps their partition count.
const PARTITIONS = 3;
const RUN = Date.now() % 1_000_000_007;
const ISSUER = 'HOSP-R';
const TODAY = new Date().toISOString().slice(0, 10).replace(/-/g, '');
/** Persons judged at once: each has its two high-dose studies on partitions of different notification replicas. */
const PERSONS = 4;

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

/** Which notification replica owns each partition of kerma.skin-dose.calculated.v2, once both are in the group. */
async function skinDosePartitionOwners(brokers: string[]): Promise<Map<number, string>> {
  const admin = new Kafka({ clientId: 'replicas-e2e-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await eventually(
      async () => {
        const [group] = (await admin.describeGroups(['kerma-notification'])).groups;
        if (group.state !== 'Stable' || group.members.length !== 2) return undefined;
        const owners = new Map<number, string>();
        for (const m of group.members) {
          const assignment = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
          for (const p of assignment?.assignment[SkinDoseCalculatedV2.topic] ?? []) owners.set(p, m.memberId);
        }
        return owners.size === PARTITIONS && new Set(owners.values()).size === 2 ? owners : undefined;
      },
      'both notification replicas to own partitions of the skin-dose topic',
      90_000,
    );
  } finally {
    await admin.disconnect();
  }
}

const patientIdOf = (person: number) => `REPLICAS-${RUN}-${person}`;
const keyOf = (site: string, person: number) => patientKey({ site, patientId: patientIdOf(person), issuer: ISSUER, studyInstanceUid: '1' });

/** Two sites whose events of this person land on partitions owned by different notification replicas. */
function sitesOnDifferentReplicas(owners: Map<number, string>, person: number): [string, string] {
  const ownerOf = (site: string) => owners.get(partitionOf(keyOf(site, person)));
  for (let i = 0; i < 200; i++) if (ownerOf(`rep-b${i}`) !== ownerOf('rep-a')) return ['rep-a', `rep-b${i}`];
  throw new Error('no second site on a partition of the other replica');
}

/** Ten posterior–anterior views on the same skin; `doseRpGy` per event (0.2 Gy: a PSD near 2 Gy, below 3 alone, above it twice). */
const paView = (doseRpGy: number) => fixedView({ doseRpGy });

function study(tag: string, person: number, doseRpGy: number, time: string): ProcedureSpec {
  const base = procedureSpec({
    seed: 5,
    events: 10,
    patient: { id: patientIdOf(person), issuerOfId: ISSUER, heightM: 1.7, weightKg: 70 },
    mapEvent: paView(doseRpGy),
  });
  const uid = (part: string) => deterministicUid(RUN, `replicas-${person}-${tag}-${part}`);
  return {
    ...base,
    study: {
      ...base.study,
      studyInstanceUid: uid('study'),
      seriesInstanceUid: uid('series'),
      sopInstanceUid: uid('sop'),
      performedProcedureStepUid: uid('pps'),
      date: TODAY,
      time,
    },
    events: base.events.map((e, i) => ({ ...e, uid: uid(`event${i}`) })),
  };
}

/** Every open-state message of a cumulative PSD alert on kerma.dose-alert.v1 about these studies (read from the start of the topic). */
async function cumulativeOpenMessages(brokers: string[], uids: ReadonlySet<string>, settleMs: number): Promise<DoseAlertV1[]> {
  const consumer = new Kafka({ clientId: 'replicas-e2e-reader', brokers, logLevel: logLevel.NOTHING }).consumer({
    groupId: `replicas-e2e-${RUN}-${Date.now()}`,
  });
  const seen: DoseAlertV1[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: DoseAlertV1.topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const alert = DoseAlertV1.parse(JSON.parse(message.value!.toString('utf8')));
        if (uids.has(alert.studyInstanceUid) && alert.kind === 'cumulative' && alert.metric === 'peak-skin-dose' && (alert.state ?? 'open') === 'open')
          seen.push(alert);
      },
    });
    await new Promise((r) => setTimeout(r, settleMs));
    return seen;
  } finally {
    await consumer.disconnect();
  }
}

interface Alert {
  alertId: string;
  kind: string;
  metric: string;
  studyInstanceUid: string;
  measured: { value: number };
}

describeIntegration(['kafka', 'postgres'])('deployed mode: cumulative alerts with two notification replicas', () => {
  const brokers = integrationKafkaBrokers();
  const processes = new Map<string, ServiceProcess>();
  const databases: TestDatabase[] = [];
  let workDir: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'kerma-replicas-deployed-'));
    const dbs: Record<string, TestDatabase> = {};
    for (const service of ['ingest', 'parser', 'skin-dose', 'history', 'notification']) {
      dbs[service] = await createTestDatabase(integrationPgAdminUrl(), `kerma_rep_${service.replace('-', '_')}`);
      databases.push(dbs[service]);
    }
    // Two notification replicas: one consumer group, one database.
    const instances = [
      ['ingest', 'ingest'],
      ['parser', 'parser'],
      ['skin-dose', 'skin-dose'],
      ['history', 'history'],
      ['notification-1', 'notification'],
      ['notification-2', 'notification'],
    ] as const;
    for (const [name, service] of instances) {
      const port = await findFreePort();
      const env: Record<string, string> = {
        KAFKA_BROKERS: brokers.join(','),
        KAFKA_PARTITIONS: String(PARTITIONS),
        DATABASE_URL: dbs[service].url,
        LOG_LEVEL: 'log',
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
        ...(service === 'ingest' ? { STORAGE_DIR: join(workDir, 'archive'), KERMA_DEFAULT_SITE: 'replicas-deployed' } : {}),
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
    if (!process.env.KERMA_E2E_KEEP_LOGS) rmSync(workDir, { recursive: true, force: true });
  }, 60_000);

  const url = (name: string) => processes.get(name)!.url;
  const alertsOf = async (uids: readonly string[]): Promise<Alert[]> => {
    const all: Alert[] = [];
    for (const uid of uids) all.push(...((await getJson(`${url('notification-1')}/api/v1/alerts?studyInstanceUid=${uid}`)).body.alerts as Alert[]));
    return all;
  };
  const complete = (uids: readonly string[]) =>
    eventually(
      async () => {
        for (const uid of uids) {
          const { status, body } = await getJson(`${url('history')}/api/v1/studies/${uid}`);
          if (status !== 200 || body.skinDose === null || body.skinDose === undefined) return undefined;
        }
        return true;
      },
      'every study with its skin dose in history',
      180_000,
    );

  it('two studies of one person on partitions of different replicas raise the cumulative PSD alert exactly once (for every person)', async () => {
    try {
      const owners = await skinDosePartitionOwners(brokers);
      const persons = Array.from({ length: PERSONS }, (_, person) => {
        const [siteA, siteB] = sitesOnDifferentReplicas(owners, person);
        expect(owners.get(partitionOf(keyOf(siteA, person)))).not.toBe(owners.get(partitionOf(keyOf(siteB, person))));
        return {
          person,
          siteA,
          siteB,
          // A small earlier study at each site makes the identities known, so a site administrator can link them.
          primeA: study('prime-a', person, 0.001, '070000'),
          primeB: study('prime-b', person, 0.001, '071500'),
          highA: study('high-a', person, 0.2, '090000'),
          highB: study('high-b', person, 0.2, '093000'),
        };
      });
      const ingest = url('ingest');
      for (const p of persons) {
        expect((await stow(ingest, [generateRdsr(p.primeA)], p.siteA)).status).toBe(200);
        expect((await stow(ingest, [generateRdsr(p.primeB)], p.siteB)).status).toBe(200);
      }
      await complete(persons.flatMap((p) => [p.primeA, p.primeB].map((s) => s.study.studyInstanceUid)));
      for (const p of persons) {
        const response = await fetch(`${url('history')}/api/v1/patient-links`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            identities: [
              { site: p.siteA, issuer: ISSUER, patientId: patientIdOf(p.person) },
              { site: p.siteB, issuer: ISSUER, patientId: patientIdOf(p.person) },
            ],
            reason: 'one person, two sites',
            by: 'admin',
          }),
        });
        expect(response.status).toBe(201);
        expect(((await response.json()) as { linked: { published: boolean } }).linked.published).toBe(true);
      }

      // Both high-dose studies of every person at once: each replica judges its own study of the person.
      await Promise.all(persons.flatMap((p) => [stow(ingest, [generateRdsr(p.highA)], p.siteA), stow(ingest, [generateRdsr(p.highB)], p.siteB)]));
      const highUids = persons.flatMap((p) => [p.highA, p.highB].map((s) => s.study.studyInstanceUid));
      await complete(highUids);

      for (const p of persons) {
        const uids = [p.primeA, p.primeB, p.highA, p.highB].map((s) => s.study.studyInstanceUid);
        const psds = await Promise.all(
          [p.highA, p.highB].map(async (s) => (await getJson(`${url('history')}/api/v1/studies/${s.study.studyInstanceUid}`)).body.skinDose.psdGy as number),
        );
        for (const psd of psds) expect(psd).toBeLessThan(3);
        // Either replica may have judged last; wait until the person's alert is there, then make sure it stays alone.
        const first = await eventually(
          async () => {
            const cumulative = (await alertsOf(uids)).filter((a) => a.kind === 'cumulative' && a.metric === 'peak-skin-dose');
            return cumulative.length > 0 ? cumulative : undefined;
          },
          `the cumulative PSD alert of person ${p.person}`,
          60_000,
        );
        expect(first).toHaveLength(1);
        expect(first[0].measured.value).toBeGreaterThanOrEqual(3);
        expect([p.highA.study.studyInstanceUid, p.highB.study.studyInstanceUid]).toContain(first[0].studyInstanceUid);
        const summary = (await getJson(`${url('history')}/api/v1/patients/${patientIdOf(p.person)}/dose-summary?issuer=${ISSUER}`)).body;
        expect(summary.studyCountInWindow).toBe(4);
        expect(summary.cumulativePsdGy).toBeGreaterThanOrEqual(3);
      }
      // On the topic too: one open message per person (the reader gets the whole topic in the time given).
      const allUids = new Set(persons.flatMap((p) => [p.primeA, p.primeB, p.highA, p.highB].map((s) => s.study.studyInstanceUid)));
      const published = await cumulativeOpenMessages(brokers, allUids, 15_000);
      expect(published).toHaveLength(PERSONS);
      expect(new Set(published.map((a) => a.alertId)).size).toBe(PERSONS);
      // Still one alert per person once both replicas are done.
      for (const p of persons) {
        const uids = [p.primeA, p.primeB, p.highA, p.highB].map((s) => s.study.studyInstanceUid);
        expect((await alertsOf(uids)).filter((a) => a.kind === 'cumulative' && a.metric === 'peak-skin-dose')).toHaveLength(1);
      }
    } catch (err) {
      for (const p of processes.values()) process.stderr.write(`--- ${p.name} ---\n${logTail(p)}\n`);
      throw err;
    }
  }, 420_000);
});
