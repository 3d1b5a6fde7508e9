import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DoseAlertV1, PatientIdentityV1, StudyParsedV2, type DoseAlertV1 as DoseAlert } from '@kerma/contracts';
import {
  createTestDatabase,
  describeIntegration,
  findFreePort,
  generateRdsr,
  integrationKafkaBrokers,
  integrationPgAdminUrl,
  procedureSpec,
  type TestDatabase,
} from '@kerma/testing';
import { eventually, failureCodes, getJson, stow, storedCount } from '@kerma/testing';
import { skipEarlierAnnouncements } from '../support/kafka-groups';
import { logTail, startServiceProcess, stopServiceProcess, waitUntilServing, type ServiceProcess } from '../support/service-processes';

const SERVICES = ['ingest', 'parser', 'skin-dose', 'history', 'notification'] as const;

describeIntegration(['kafka', 'postgres'])('deployed mode: five processes, a real Kafka broker and PostgreSQL', () => {
  const brokers = integrationKafkaBrokers();
  // A new study every run: a reused broker still holds earlier runs' events.
  // A patient name and id no log line may contain (checked over every service's log below).
  const patient = { id: `LEAK${Date.now() % 1_000_000}`, name: 'Loggrep^Ottoline' };
  const spec = procedureSpec({ seed: Date.now() % 1_000_000_007, vendor: 'siemens', events: 24, mapEvent: (e) => ({ ...e, doseRpGy: 0.25 }), patient });
  const studyUid = spec.study.studyInstanceUid;
  const processes = new Map<string, ServiceProcess>();
  const databases: TestDatabase[] = [];
  const alerts: DoseAlert[] = [];
  /** The raw values of this study's study.parsed.v2 and patient-identity.v1 messages, by topic. */
  const raw: Record<string, string[]> = { [StudyParsedV2.topic]: [], [PatientIdentityV1.topic]: [] };
  let workDir: string;
  let reader: Consumer;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'kerma-deployed-'));
    await skipEarlierAnnouncements(brokers, 3);
    const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await findFreePort()] as const)));
    for (const service of SERVICES) {
      const db = await createTestDatabase(integrationPgAdminUrl(), `kerma_e2e_${service.replace('-', '_')}`);
      databases.push(db);
      const env: Record<string, string> = {
        KAFKA_BROKERS: brokers.join(','),
        KAFKA_PARTITIONS: '3',
        DATABASE_URL: db.url,
        LOG_LEVEL: 'log',
        PUBLIC_BASE_URL: `http://127.0.0.1:${ports[service]}`,
        ...(service === 'ingest' ? { STORAGE_DIR: join(workDir, 'archive'), KERMA_DEFAULT_SITE: 'deployed-e2e' } : {}),
      };
      processes.set(service, startServiceProcess(service, ports[service], env, workDir));
    }
    await Promise.all([...processes.values()].map((p) => waitUntilServing(p)));

    reader = new Kafka({ clientId: 'e2e-alert-subscriber', brokers, logLevel: logLevel.NOTHING }).consumer({ groupId: `e2e-alerts-${Date.now()}` });
    await reader.connect();
    await reader.subscribe({ topics: [DoseAlertV1.topic, StudyParsedV2.topic, PatientIdentityV1.topic], fromBeginning: true });
    await reader.run({
      eachMessage: async ({ topic, message }) => {
        const value = message.value!.toString();
        if (topic !== DoseAlertV1.topic) {
          if (value.includes(studyUid)) raw[topic]!.push(value);
          return;
        }
        const alert = DoseAlertV1.parse(JSON.parse(value));
        if (alert.studyInstanceUid === studyUid) alerts.push(alert);
      },
    });
  }, 240_000);

  afterAll(async () => {
    await reader?.disconnect();
    await Promise.all([...processes.values()].map(stopServiceProcess));
    for (const db of databases) await db.drop().catch(() => undefined);
    rmSync(workDir, { recursive: true, force: true });
  }, 60_000);

  const url = (service: (typeof SERVICES)[number]) => processes.get(service)!.url;

  it('carries a posted RDSR to a dose alert on kerma.dose-alert.v1 and to the study API', async () => {
    const result = await stow(url('ingest'), [generateRdsr(spec)], 'cath-lab-2');
    expect(result.status).toBe(200);
    expect(storedCount(result)).toBe(1);

    try {
      const karAlert = await eventually(async () => alerts.find((a) => a.metric === 'reference-air-kerma'), 'the Ka,r alert on kerma.dose-alert.v1', 120_000);
      expect(karAlert).toMatchObject({
        site: 'cath-lab-2',
        level: 'srdl',
        measured: { value: expect.closeTo(6, 9), unit: 'Gy' },
        threshold: { value: 5, unit: 'Gy' },
      });

      const study = await eventually(
        async () => {
          const { status, body } = await getJson(`${url('history')}/api/v1/studies/${studyUid}`);
          return status === 200 && body.status.skinDose.state === 'done' && body.alerts.length === new Set(alerts.map((a) => a.alertId)).size
            ? body
            : undefined;
        },
        'the study with its skin dose in the history API',
        120_000,
      );
      expect(study.status.parsed.state).toBe('done');
      expect(study.totals.eventCount).toBe(24);
      expect(study.totals.doseRpTotalGy).toBeCloseTo(6, 9);
      expect(study.skinDose.psdGy).toBeGreaterThan(0);
      expect(study.skinDose.profile.id).toBe('siemens-artis');

      const skin = await getJson(`${url('skin-dose')}/api/v1/studies/${studyUid}/skin-dose`);
      expect(skin.status).toBe(200);
      expect(skin.body.result.psdGy).toBeCloseTo(study.skinDose.psdGy, 12);

      const { body: listed } = await getJson(`${url('notification')}/api/v1/alerts?studyInstanceUid=${studyUid}`);
      expect(listed.alerts.map((a: { alertId: string }) => a.alertId).sort()).toEqual([...new Set(alerts.map((a) => a.alertId))].sort());

      const patientId = spec.patient.id!;
      // The alerts name the patient from patient-identity.v1; study.parsed.v2 on the broker never carries the id.
      expect(alerts.every((a) => a.patient.id === patientId)).toBe(true);
      expect(raw[StudyParsedV2.topic]!.length).toBeGreaterThan(0);
      expect(raw[StudyParsedV2.topic]!.filter((v) => v.includes(patientId))).toEqual([]);
      const identities = await eventually(
        async () => (raw[PatientIdentityV1.topic]!.length >= raw[StudyParsedV2.topic]!.length ? raw[PatientIdentityV1.topic] : undefined),
        'an identity for each study.parsed.v2',
      );
      expect(identities.map((v) => JSON.parse(v).patient.id)).toEqual(raw[StudyParsedV2.topic]!.map(() => patientId));
      expect(study.patient.id).toBe(patientId);
      const history = await getJson(`${url('history')}/api/v1/patients/${encodeURIComponent(patientId)}/dose-history`);
      expect(history.status).toBe(200);
      expect(history.body.studies.map((s: { studyInstanceUid: string }) => s.studyInstanceUid)).toContain(studyUid);

      // The study's figures reached the DRL table of PostgreSQL: percentile_cont over one study is its own Ka,r.
      const drl = await getJson(`${url('history')}/api/v1/analytics/drl?metric=kar&site=cath-lab-2`);
      expect(drl.status).toBe(200);
      expect(drl.body.groups).toEqual([
        expect.objectContaining({ metric: 'kar', unit: 'Gy', count: 1, median: expect.closeTo(6, 9), p75: expect.closeTo(6, 9) }),
      ]);
    } catch (err) {
      for (const p of processes.values()) process.stderr.write(`--- ${p.name} ---\n${logTail(p)}\n`);
      throw err;
    }
  });

  it('refuses a non-DICOM body at ingest with a specific reason and stays up', async () => {
    const result = await stow(url('ingest'), [Buffer.from('not dicom at all')]);
    expect(result.status).toBe(409);
    expect(failureCodes(result)).toEqual(['not-dicom']);
    expect((await fetch(`${url('ingest')}/api/docs-json`)).status).toBe(200);
  });

  it('never names the patient in any service log line of the run', () => {
    const lines = SERVICES.flatMap((service) =>
      readFileSync(processes.get(service)!.logFile, 'utf8')
        .split('\n')
        .filter((l) => l.length > 0),
    );
    expect(lines.length).toBeGreaterThan(SERVICES.length);
    expect(lines.filter((l) => l.includes('skin dose computed') && l.includes(studyUid))).toHaveLength(1);
    expect(lines.filter((l) => [patient.id, 'Loggrep', 'Ottoline'].some((secret) => l.includes(secret)))).toEqual([]);
  });

  // After the log check, which counts one computation of the study.
  it('on PostgreSQL: records the room, commissions it, recomputes it; a RIS size recomputes the study again', async () => {
    const skinDoseUrl = url('skin-dose');
    const room = spec.device.deviceObserverUid;
    const send = async (path: string, method: string, type: string, body: string) => {
      const response = await fetch(`${skinDoseUrl}${path}`, { method, headers: { 'content-type': type }, body });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const rooms = await getJson(`${skinDoseUrl}/api/v1/rooms`);
    expect(rooms.status).toBe(200);
    expect(rooms.body.rooms.find((r: { roomId: string }) => r.roomId === room)).toMatchObject({
      commissioned: false,
      studyCount: 1,
      profile: { id: 'siemens-artis' },
    });
    const commissioned = await send(
      `/api/v1/rooms/${room}/commissioning`,
      'PUT',
      'application/json',
      JSON.stringify({ by: 'deployed-test', profile: { minimumSourceSkinDistanceMm: 380 } }),
    );
    expect(commissioned).toMatchObject({ status: 200, body: { current: { version: 1 }, studiesToRecompute: 1 } });
    expect(await send(`/api/v1/rooms/${room}:recompute`, 'POST', 'application/json', '{}')).toMatchObject({ status: 200, body: { recomputed: [studyUid] } });
    const recomputed = await getJson(`${skinDoseUrl}/api/v1/studies/${studyUid}/skin-dose`);
    expect(recomputed.body).toMatchObject({ resultVersion: 2, result: { room: { id: room, profileVersion: 1, commissioned: true } } });
    const sized = await send('/api/v1/patient-sizes', 'POST', 'text/csv', `study_instance_uid,height_cm\n${studyUid},176\n`);
    expect(sized).toMatchObject({ status: 200, body: { accepted: 1, rejected: [], recomputed: [studyUid] } });
    const resized = await getJson(`${skinDoseUrl}/api/v1/studies/${studyUid}/skin-dose`);
    expect(resized.body).toMatchObject({ resultVersion: 3, result: { phantom: { heightM: 1.76, sizeSource: { heightM: 'ris-csv' } } } });
    // History keeps each skin dose a recomputation replaced as a version of the study (on PostgreSQL, written in
    // the transaction that updates the study).
    const versions = await eventually(
      async () => {
        const { status, body } = await getJson(`${url('history')}/api/v1/studies/${studyUid}/versions`);
        return status === 200 && body.versions.length === 2 && body.current.skinDose.sopInstanceUids.length > 0 ? body : undefined;
      },
      'the two replaced skin doses in history',
      60_000,
    );
    expect(versions.versions.map((v: { reason: string }) => v.reason)).toEqual(['skin-dose', 'skin-dose']);
    expect(versions.versions[0].changed).toEqual(['skinDose']);
    const calculatedAt = [
      ...versions.versions.map((v: { skinDose: { calculatedAt: string } }) => v.skinDose.calculatedAt),
      versions.current.skinDose.calculatedAt,
    ];
    expect(new Set(calculatedAt).size).toBe(3);
  });

  it('stops a service at start-up with a message naming a bad variable', async () => {
    const port = await findFreePort();
    const bad = startServiceProcess('history', port, { KAFKA_BROKERS: brokers.join(','), DATABASE_URL: 'mysql://nope' }, workDir);
    const code = await new Promise<number | null>((r) => bad.child.once('exit', (c) => r(c)));
    expect(code).toBe(78);
    expect(logTail(bad)).toContain('DATABASE_URL');
  });
});
