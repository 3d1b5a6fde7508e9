import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Consumer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import {
  ALL_CONTRACTS,
  DoseAlertV1,
  PatientIdentityV1,
  patientIdentityOf,
  SkinDoseCalculatedV1,
  SkinDoseCalculatedV2,
  StudyParsedV1,
  StudyParsedV2,
  studyParsedV2Of,
  type DoseAlertV1 as DoseAlert,
} from '@kerma/contracts';
import { ensureTopics, KafkaEventPublisher, KermaKafkaServer, MessagingModule } from '@kerma/messaging';
import { DEFAULT_MAP_FONT_FILE } from '@kerma/platform';
import {
  createTestDatabase,
  describeIntegration,
  eventually,
  integrationKafkaBrokers,
  integrationPgAdminUrl,
  readTopic,
  skipEarlierMessages,
  type TestDatabase,
} from '@kerma/testing';
import { skinDoseCalculatedV1Message, studyParsedV1Message } from '@kerma/testing/messages';
import { HistoryModule } from '@kerma/history';
import { DEFAULT_ALERT_RULES, NotificationModule } from '@kerma/notification';
import { SkinDoseModule } from '@kerma/skin-dose';

const site = `phi-${randomUUID().slice(0, 8)}`;
// A patient id no earlier run wrote: its bytes on a topic can only come from this run.
const patientId = `PHI-${randomUUID()}`;
const seedBase = Date.now() % 1_000_000;

/** A study.parsed v1 message as a parser before the upgrade wrote it (birth date included); Ka,r `doseRpGy` per event. */
const studyParsedV1 = (seed: number, doseRpGy: number): StudyParsedV1 =>
  studyParsedV1Message({
    site,
    patient: { id: patientId, issuer: 'HOSP' },
    report: { seed, events: 10, patient: { birthDate: '19500304' }, mapEvent: (e) => ({ ...e, doseRpGy, dapGyM2: doseRpGy / 100 }) },
  });

/** The raw bytes of every message on a topic (keys and values), from the beginning. */
async function rawMessagesOf(brokers: string[], topic: string, mustContain: readonly string[]): Promise<string[]> {
  const raw: string[] = [];
  const consumer = await readTopic(brokers, topic, `phi-raw-${site}-${topic}`, (message) => {
    raw.push(`${message.key?.toString('latin1') ?? ''} ${message.value?.toString('latin1') ?? ''}`);
  });
  try {
    await eventually(async () => (mustContain.every((text) => raw.some((r) => r.includes(text))) ? true : undefined), `${topic} read`);
  } finally {
    await consumer.disconnect();
  }
  return raw;
}

interface HistoryRecord {
  patient_id: string | null;
  parsed_state: string;
  patient_id_issuer: string | null;
  skin_dose_state: string;
  skin_dose: string | null;
}

describeIntegration(['kafka', 'postgres'])('PHI on the wire: key-only study.parsed.v2 and skin-dose.calculated.v2, the identity topic, v1 consumed', () => {
  const brokers = integrationKafkaBrokers();
  const settings = { brokers, serviceId: `kerma-phi-${site}`, partitions: 3, replicationFactor: 1 };
  const databases: TestDatabase[] = [];
  let app: INestApplication;
  let publisher: KafkaEventPublisher;
  let reader: Consumer;
  const alerts: DoseAlert[] = [];
  const alertOf = (uid: string, metric: string) => alerts.find((a) => a.studyInstanceUid === uid && a.metric === metric && (a.state ?? 'open') === 'open');

  /** History's record of a study once `ready` holds for it. */
  const historyRecord = (uid: string, ready: (r: HistoryRecord) => boolean) =>
    eventually(async () => {
      const db = app.get<DataSource>(getDataSourceToken('history'), { strict: false });
      const [row] = (await db.query(
        `SELECT patient_id, patient_id_issuer, parsed_state, skin_dose_state, skin_dose FROM study_record WHERE study_instance_uid = $1`,
        [uid],
      )) as HistoryRecord[];
      return row && ready(row) ? row : undefined;
    }, `history's record of ${uid}`);

  beforeAll(async () => {
    await ensureTopics(settings);
    // The services' new group would first compute and judge every earlier suite's studies on this broker.
    await skipEarlierMessages(
      brokers,
      settings.serviceId,
      ALL_CONTRACTS.map((c) => c.topic),
    );
    const skinDoseDb = await createTestDatabase(integrationPgAdminUrl(), 'kerma_phi_skin_dose');
    const notificationDb = await createTestDatabase(integrationPgAdminUrl(), 'kerma_phi_notification');
    const historyDb = await createTestDatabase(integrationPgAdminUrl(), 'kerma_phi_history');
    databases.push(skinDoseDb, notificationDb, historyDb);
    @Module({
      imports: [
        MessagingModule.register(new KafkaEventPublisher(settings)),
        SkinDoseModule.register({
          database: { kind: 'postgres', url: skinDoseDb.url },
          publicBaseUrl: 'http://127.0.0.1:31100',
          profiles: [],
          engine: { phantom: 'human' },
          mapFontFile: DEFAULT_MAP_FONT_FILE,
        }),
        NotificationModule.register({ database: { kind: 'postgres', url: notificationDb.url }, rules: DEFAULT_ALERT_RULES }),
        HistoryModule.register({ database: { kind: 'postgres', url: historyDb.url }, mapFontFile: DEFAULT_MAP_FONT_FILE }),
      ],
    })
    class TestModule {}
    app = await NestFactory.create(TestModule, { logger: process.env.INT_LOG ? undefined : false });
    app.connectMicroservice({ strategy: new KermaKafkaServer(settings) });
    await app.startAllMicroservices();
    await app.init();
    publisher = new KafkaEventPublisher(settings);
    reader = await readTopic(brokers, DoseAlertV1.topic, `phi-alerts-${site}`, (message) => {
      const alert = DoseAlertV1.parse(JSON.parse(message.value!.toString()));
      if (alert.site === site) alerts.push(alert);
    });
  }, 120_000);

  afterAll(async () => {
    await reader?.disconnect();
    await publisher?.onApplicationShutdown();
    await app?.close();
    for (const db of databases) await db.drop();
  });

  it('consumes v1 messages written before the upgrade: the PSD alert names the patient from study.parsed', async () => {
    const old = studyParsedV1(seedBase + 1, 0.1);
    await publisher.publish(StudyParsedV1, old);
    await publisher.publish(SkinDoseCalculatedV1, skinDoseCalculatedV1Message(old, 4.2));
    // The first messages wait for three services' consumer groups to join (several rebalances on a shared 2-core machine).
    await eventually(async () => alertOf(old.studyInstanceUid, 'peak-skin-dose'), 'peak-skin-dose alert', 180_000);
    expect(alertOf(old.studyInstanceUid, 'peak-skin-dose')).toMatchObject({ patient: { id: patientId, issuer: 'HOSP' }, measured: { value: 4.2 } });
    // skin-dose read the v1 study too, and stored it without the identity it carried.
    const skinDoseDb = app.get<DataSource>(getDataSourceToken('skin-dose'), { strict: false });
    const [stored] = await eventually(async () => {
      const rows = (await skinDoseDb.query(`SELECT patient, procedure FROM skin_dose_study WHERE study_instance_uid = $1`, [
        old.studyInstanceUid,
      ])) as unknown[];
      return rows.length ? (rows as { patient: string; procedure: string }[]) : undefined;
    }, 'the stored skin-dose input');
    expect(JSON.parse(stored.patient).key).toBe(old.patient.key);
    expect(`${stored.patient}${stored.procedure}`).not.toContain(patientId);
    expect(`${stored.patient}${stored.procedure}`).not.toContain('HOSP');
    expect(`${stored.patient}${stored.procedure}`).not.toContain('1950-03-04');
    // history too: the record has the skin dose of the v1 message and the identity of the v1 study.
    const record = await historyRecord(old.studyInstanceUid, (r) => r.skin_dose !== null && r.patient_id !== null);
    expect(record).toMatchObject({ patient_id: patientId, patient_id_issuer: 'HOSP' });
  }, 300_000);

  it('keeps a v2 skin dose and the parsed study until the identity arrives last, then alerts with the patient id', async () => {
    const study = studyParsedV1(seedBase + 2, 0.1);
    const { patient: _patient, ...rest } = skinDoseCalculatedV1Message(study, 4.4);
    // Dated after the result the engine computes from this study.parsed (a lower PSD): the newer result is the one kept.
    const occurredAt = new Date(Date.now() + 3_600_000).toISOString();
    await publisher.publish(SkinDoseCalculatedV2, { ...rest, occurredAt, patient: { key: study.patient.key } });
    await publisher.publish(StudyParsedV2, studyParsedV2Of(study));
    // Both kept: nothing names the patient yet, so no alert (never an alert without an id).
    await historyRecord(study.studyInstanceUid, (r) => r.skin_dose !== null && r.parsed_state === 'done');
    await new Promise((r) => setTimeout(r, 3_000));
    expect(alerts.filter((a) => a.studyInstanceUid === study.studyInstanceUid)).toEqual([]);
    expect((await historyRecord(study.studyInstanceUid, () => true)).patient_id).toBeNull();
    await publisher.publish(PatientIdentityV1, patientIdentityOf(study));
    await eventually(async () => alertOf(study.studyInstanceUid, 'peak-skin-dose'), 'peak-skin-dose alert');
    expect(alertOf(study.studyInstanceUid, 'peak-skin-dose')).toMatchObject({ patient: { id: patientId, issuer: 'HOSP', key: study.patient.key } });
    // history began the record from key-only events and took the identity from patient-identity.
    const record = await historyRecord(study.studyInstanceUid, (r) => r.patient_id !== null);
    expect(record).toMatchObject({ patient_id: patientId, patient_id_issuer: 'HOSP' });
  }, 120_000);

  it('identity before the study: the study alert names the patient; study.parsed.v2 and skin-dose.calculated.v2 hold no id, the identity topic does', async () => {
    // Ka,r 10 × 0.7 Gy: a reference-air-kerma alert from the study itself, and a real skin dose computed by the engine.
    const study = studyParsedV1(seedBase + 3, 0.7);
    await publisher.publish(PatientIdentityV1, patientIdentityOf(study));
    await publisher.publish(StudyParsedV2, studyParsedV2Of(study));
    await eventually(async () => alertOf(study.studyInstanceUid, 'reference-air-kerma'), 'reference-air-kerma alert');
    expect(alertOf(study.studyInstanceUid, 'reference-air-kerma')).toMatchObject({ patient: { id: patientId, issuer: 'HOSP' } });
    expect(await historyRecord(study.studyInstanceUid, (r) => r.patient_id !== null && r.parsed_state === 'done')).toMatchObject({
      patient_id: patientId,
      patient_id_issuer: 'HOSP',
    });

    const skinDose = await rawMessagesOf(brokers, SkinDoseCalculatedV2.topic, [study.studyInstanceUid]);
    const ours = skinDose.filter((m) => m.includes(site));
    expect(ours.length).toBeGreaterThanOrEqual(2);
    expect(ours.filter((m) => m.includes(patientId))).toEqual([]);
    expect(ours.filter((m) => m.includes('HOSP'))).toEqual([]);

    const parsed = (await rawMessagesOf(brokers, StudyParsedV2.topic, [study.studyInstanceUid])).filter((m) => m.includes(site));
    expect(parsed.length).toBeGreaterThanOrEqual(2);
    expect(parsed.filter((m) => m.includes(patientId) || m.includes('HOSP') || m.includes('1950-03-04'))).toEqual([]);

    const identities = (await rawMessagesOf(brokers, PatientIdentityV1.topic, [study.studyInstanceUid])).filter((m) => m.includes(study.studyInstanceUid));
    expect(identities).toHaveLength(1);
    expect(identities[0]).toContain(patientId);
    expect(identities[0]).not.toContain('1950-03-04');

    const doseAlerts = await rawMessagesOf(brokers, DoseAlertV1.topic, [study.studyInstanceUid]);
    expect(doseAlerts.filter((m) => m.includes(study.studyInstanceUid) && m.includes(patientId)).length).toBeGreaterThan(0);
  }, 180_000);
});
