import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { DoseAlertV1, RdsrReceivedV1, SkinDoseCalculatedV2, StudyParsedV2 } from '@kerma/contracts';
import {
  createTestDatabase,
  describeIntegration,
  eventually,
  findFreePort,
  generateRdsr,
  getJson,
  integrationKafkaBrokers,
  integrationPgAdminUrl,
  procedureSpec,
  stow,
  storedCount,
  type TestDatabase,
} from '@kerma/testing';
import { skipEarlierAnnouncements } from '../support/kafka-groups';
import { startOtlpReceiver, spanAttribute, type OtlpReceiver, type OtlpSpan } from '../support/otlp-receiver';
import { logTail, startServiceProcess, stopServiceProcess, waitUntilServing, type ServiceProcess } from '../support/service-processes';

// History is left out: no span of the path from STOW to the dose alert is its.
const SERVICES = ['ingest', 'parser', 'skin-dose', 'notification'] as const;

/** W3C traceparent of a sampled span: version 00, trace id, parent (span) id, flags 01. */
const traceparentOf = (span: OtlpSpan) => `00-${span.traceId}-${span.spanId}-01`;

describeIntegration(['kafka', 'postgres'])('tracing, deployed: one trace from STOW-RS to the dose-alert publish across the Kafka hops', () => {
  const brokers = integrationKafkaBrokers();
  const patientId = `TRACE-K-${Date.now() % 1_000_000}`;
  // A new study every run (a reused broker keeps earlier runs' events); doses above the Ka,r and PSD alert levels.
  const spec = procedureSpec({
    seed: Date.now() % 1_000_000_007,
    events: 30,
    patient: { id: patientId },
    mapEvent: (e) => ({ ...e, doseRpGy: 0.25, dapGyM2: 0.0025 }),
  });
  const studyUid = spec.study.studyInstanceUid;
  const processes = new Map<string, ServiceProcess>();
  const databases: TestDatabase[] = [];
  /** Headers of our study's messages on the two topics read back, as the broker delivered them. */
  const headers: { topic: string; traceparent: string | null; alertMetric?: string }[] = [];
  let receiver: OtlpReceiver;
  let reader: Consumer;
  let workDir: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'kerma-tracing-deployed-'));
    receiver = await startOtlpReceiver();
    await skipEarlierAnnouncements(brokers, 3);
    for (const service of SERVICES) {
      const db = await createTestDatabase(integrationPgAdminUrl(), `kerma_trace_${service.replace('-', '_')}`);
      databases.push(db);
      const port = await findFreePort();
      const env: Record<string, string> = {
        KAFKA_BROKERS: brokers.join(','),
        KAFKA_PARTITIONS: '3',
        DATABASE_URL: db.url,
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
        KERMA_OTLP_TRACES_ENDPOINT: receiver.url,
        ...(service === 'ingest' ? { STORAGE_DIR: join(workDir, 'archive'), KERMA_DEFAULT_SITE: 'tracing-int' } : {}),
      };
      processes.set(service, startServiceProcess(service, port, env, workDir));
    }
    await Promise.all([...processes.values()].map((p) => waitUntilServing(p)));

    reader = new Kafka({ clientId: 'tracing-int-reader', brokers, logLevel: logLevel.NOTHING }).consumer({ groupId: `tracing-int-${Date.now()}` });
    await reader.connect();
    await reader.subscribe({ topics: [RdsrReceivedV1.topic, DoseAlertV1.topic], fromBeginning: true });
    await reader.run({
      eachMessage: async ({ topic, message }) => {
        const value = JSON.parse(message.value!.toString()) as { studyInstanceUid?: string; metric?: string };
        if (value.studyInstanceUid !== studyUid) return;
        const traceparent = message.headers?.traceparent?.toString() ?? null;
        headers.push({ topic, traceparent, ...(topic === DoseAlertV1.topic ? { alertMetric: value.metric } : {}) });
      },
    });
  }, 300_000);

  afterAll(async () => {
    await reader?.disconnect();
    await Promise.all([...processes.values()].map(stopServiceProcess));
    await receiver?.close();
    for (const db of databases) await db.drop().catch(() => undefined);
    rmSync(workDir, { recursive: true, force: true });
  }, 60_000);

  const url = (service: (typeof SERVICES)[number]) => processes.get(service)!.url;
  const logs = () => [...processes.values()].map((p) => `--- ${p.name} ---\n${logTail(p)}`).join('\n');

  it('links the spans of ingest, parser, skin-dose and notification by the traceparent headers of the Kafka messages', async () => {
    expect(storedCount(await stow(url('ingest'), [generateRdsr(spec)], 'cath-lab-3'))).toBe(1);
    try {
      await eventually(
        async () => {
          const { body } = await getJson(`${url('notification')}/api/v1/alerts?studyInstanceUid=${studyUid}`);
          return (body.alerts as { metric: string }[] | undefined)?.some((a) => a.metric === 'peak-skin-dose') ? true : undefined;
        },
        'the peak skin dose alert',
        180_000,
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${logs()}`);
    }
    // Each process sends its spans in batches (every second): wait for the PSD alert's publish to arrive.
    const stowSpan = await eventually(async () => receiver.spans.find((s) => s.name === 'POST /dicomweb/studies'), 'the STOW span', 30_000);
    const name = (s: OtlpSpan) =>
      `${s.service}: ${s.name}${spanAttribute(s, 'messaging.consumer.group.name') ? ` (${spanAttribute(s, 'messaging.consumer.group.name')})` : ''}`;
    const expected = [
      'kerma-ingest: POST /dicomweb/studies',
      'kerma-ingest: send kerma.rdsr.received.v1',
      'kerma-parser: process kerma.rdsr.received.v1 (kerma-parser)',
      `kerma-parser: send ${StudyParsedV2.topic}`,
      `kerma-skin-dose: process ${StudyParsedV2.topic} (kerma-skin-dose)`,
      `kerma-notification: process ${StudyParsedV2.topic} (kerma-notification)`,
      `kerma-skin-dose: send ${SkinDoseCalculatedV2.topic}`,
      `kerma-notification: process ${SkinDoseCalculatedV2.topic} (kerma-notification)`,
      'kerma-notification: send kerma.dose-alert.v1',
    ];
    const trace = await eventually(
      async () => {
        const spans = receiver.spans.filter((s) => s.traceId === stowSpan.traceId);
        const alertSends = spans.filter((s) => s.name === 'send kerma.dose-alert.v1').length;
        const names = new Set(spans.map(name));
        return expected.every((n) => names.has(n)) && alertSends >= 2 ? spans : undefined;
      },
      'every span from STOW to both dose-alert publishes in one trace',
      30_000,
    );
    const byId = new Map(trace.map((s) => [s.spanId, s]));

    // Four processes, one trace id: every consumer span is the child of the producer span of its topic, in
    // the process that published; the first producer span is the STOW request's child.
    expect(new Set(trace.map((s) => s.service))).toEqual(new Set(SERVICES.map((s) => `kerma-${s}`)));
    for (const consumer of trace.filter((s) => s.name.startsWith('process '))) {
      const producer = byId.get(consumer.parentSpanId ?? '');
      expect([name(consumer), producer?.name]).toEqual([name(consumer), consumer.name.replace('process ', 'send ')]);
      // Notification also reads its own alerts back (delivery): the one hop within a process.
      if (!consumer.name.endsWith(DoseAlertV1.topic)) expect([name(consumer), producer!.service]).not.toEqual([name(consumer), consumer.service]);
    }
    const rdsrSend = trace.find((s) => s.name === 'send kerma.rdsr.received.v1')!;
    expect(rdsrSend.parentSpanId).toBe(stowSpan.spanId);
    const psdAlertSend = trace.filter((s) => s.name === 'send kerma.dose-alert.v1').map((s) => byId.get(s.parentSpanId ?? '')?.name);
    // The PSD alert is sent when notification has both the study and its skin dose: from whichever came second.
    expect(psdAlertSend.some((n) => n === `process ${SkinDoseCalculatedV2.topic}` || n === `process ${StudyParsedV2.topic}`)).toBe(true);

    // The links are the headers on the broker: the messages carry their producer span as traceparent.
    await eventually(async () => (headers.filter((h) => h.topic === DoseAlertV1.topic).length >= 2 ? true : undefined), 'the alerts read back', 30_000);
    expect(headers.find((h) => h.topic === RdsrReceivedV1.topic)?.traceparent).toBe(traceparentOf(rdsrSend));
    const alertSends = new Set(trace.filter((s) => s.name === 'send kerma.dose-alert.v1').map(traceparentOf));
    for (const h of headers.filter((x) => x.topic === DoseAlertV1.topic))
      expect([h.alertMetric, alertSends.has(h.traceparent ?? '')]).toEqual([h.alertMetric, true]);

    expect(JSON.stringify(receiver.spans)).not.toContain(patientId);
  }, 300_000);
});
