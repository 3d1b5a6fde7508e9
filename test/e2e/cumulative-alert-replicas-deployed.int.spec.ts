import { DoseAlertV1, patientKey, SkinDoseCalculatedV2 } from '@kerma/contracts';
import {
  asAnotherStudy,
  describeIntegration,
  eventually,
  fixedView,
  generateRdsr,
  getJson,
  integrationKafkaBrokers,
  procedureSpec,
  readTopic,
  stow,
  type ProcedureSpec,
} from '@kerma/testing';
import { partitionOf, partitionOwners, ReplicatedDeployment, sitesOnDifferentOwners } from '../support/replicated-deployment';
import { logTail } from '../support/service-processes';

const RUN = Date.now() % 1_000_000_007;
const ISSUER = 'HOSP-R';
const TODAY = new Date().toISOString().slice(0, 10).replace(/-/g, '');
/** Persons judged at once: each has its two high-dose studies on partitions of different notification replicas. */
const PERSONS = 4;

const patientIdOf = (person: number) => `REPLICAS-${RUN}-${person}`;
const keyOf = (site: string, person: number) => patientKey({ site, patientId: patientIdOf(person), issuer: ISSUER, studyInstanceUid: '1' });

/** Ten posterior–anterior views on the same skin; `doseRpGy` per event (0.2 Gy: a PSD near 2 Gy, below 3 alone, above it twice). */
const paView = (doseRpGy: number) => fixedView({ doseRpGy });

function study(tag: string, person: number, doseRpGy: number, time: string): ProcedureSpec {
  const base = procedureSpec({
    seed: 5,
    events: 10,
    patient: { id: patientIdOf(person), issuerOfId: ISSUER, heightM: 1.7, weightKg: 70 },
    mapEvent: paView(doseRpGy),
  });
  return asAnotherStudy(base, RUN, `replicas-${person}-${tag}`, { date: TODAY, time });
}

/** Every open-state message of a cumulative PSD alert on kerma.dose-alert.v1 about these studies (read from the start of the topic). */
async function cumulativeOpenMessages(brokers: string[], uids: ReadonlySet<string>, settleMs: number): Promise<DoseAlertV1[]> {
  const seen: DoseAlertV1[] = [];
  const consumer = await readTopic(brokers, DoseAlertV1.topic, `replicas-e2e-${RUN}-${Date.now()}`, (message) => {
    const alert = DoseAlertV1.parse(JSON.parse(message.value!.toString('utf8')));
    if (uids.has(alert.studyInstanceUid) && alert.kind === 'cumulative' && alert.metric === 'peak-skin-dose' && (alert.state ?? 'open') === 'open')
      seen.push(alert);
  });
  try {
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
  // Two notification replicas: one consumer group, one database.
  const deployment = new ReplicatedDeployment({
    brokers,
    databasePrefix: 'kerma_rep',
    defaultSite: 'replicas-deployed',
    instances: [
      ['ingest', 'ingest'],
      ['parser', 'parser'],
      ['skin-dose', 'skin-dose'],
      ['history', 'history'],
      ['notification-1', 'notification'],
      ['notification-2', 'notification'],
    ],
  });

  beforeAll(() => deployment.start(), 300_000);
  afterAll(() => deployment.stop(), 60_000);

  const url = (name: string) => deployment.url(name);
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
      const owners = await partitionOwners(brokers, 'kerma-notification', SkinDoseCalculatedV2.topic);
      const ownerOf = (site: string, person: number) => owners.get(partitionOf(SkinDoseCalculatedV2.topic, keyOf(site, person)));
      const persons = Array.from({ length: PERSONS }, (_, person) => {
        // Two sites whose events of this person land on partitions owned by different notification replicas.
        const [siteA, siteB] = sitesOnDifferentOwners(owners, SkinDoseCalculatedV2.topic, (site) => keyOf(site, person), 'rep');
        expect(ownerOf(siteA, person)).not.toBe(ownerOf(siteB, person));
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
      for (const p of deployment.processes.values()) process.stderr.write(`--- ${p.name} ---\n${logTail(p)}\n`);
      throw err;
    }
  }, 420_000);
});
