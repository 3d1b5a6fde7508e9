import { PatientIdentityV1, RdsrReceivedV1, SkinDoseCalculatedV2, StudyParsedV2 } from '@kerma/contracts';
import { generateRdsr, procedureSpec } from '@kerma/testing';
import { getJson, stow, storedCount } from '@kerma/testing';
import { sampleValue, scrape, type Sample } from '../support/prometheus-text';
import { startTemporaryKerma, type TemporaryKerma } from '../support/temporary-kerma';

/** Over the SRDL (30 × 0.25 Gy Ka,r = 7.5 Gy): the Ka,r alert is raised. */
const spec = procedureSpec({
  seed: 4242,
  events: 30,
  mapEvent: (e) => ({ ...e, doseRpGy: 0.25, dapGyM2: 0.0025 }),
  patient: { id: 'MET-PID-8841', name: 'Metrics^Patient' },
});

describe('single-process /metrics: a STOW moves the HTTP, message, skin-dose, alert and stage series with their labels', () => {
  let kerma: TemporaryKerma;

  beforeAll(async () => {
    kerma = await startTemporaryKerma('metrics', {
      retryPolicy: { maxAttempts: 2, initialBackoffMs: 10, maxBackoffMs: 10 },
    });
  }, 60_000);

  afterAll(async () => {
    await kerma?.stop();
  });

  it('counts the request, the messages of every consumer group, the computation, the alert and the study stages', async () => {
    const before = await scrape(kerma.url);
    const result = await stow(kerma.url, [generateRdsr(spec)], 'cath-lab-1');
    expect(result.status).toBe(200);
    expect(storedCount(result)).toBe(1);
    await kerma.bus.drain();
    expect((await getJson(`${kerma.url}/api/v1/studies/${spec.study.studyInstanceUid}`)).body.status.skinDose.state).toBe('done');
    const after = await scrape(kerma.url);
    const moved = (name: string, labels: Record<string, string>) => (sampleValue(after, name, labels) ?? 0) - (sampleValue(before, name, labels) ?? 0);

    expect(moved('kerma_http_requests_total', { service: 'ingest', route: '/dicomweb/studies', method: 'POST', status: '200' })).toBe(1);
    expect(moved('kerma_http_request_duration_seconds_count', { service: 'ingest', route: '/dicomweb/studies', method: 'POST', status: '200' })).toBe(1);
    expect(moved('kerma_messages_produced_total', { service: 'ingest', topic: RdsrReceivedV1.topic })).toBe(1);
    expect(moved('kerma_messages_produced_total', { service: 'parser', topic: StudyParsedV2.topic })).toBe(1);
    expect(moved('kerma_messages_produced_total', { service: 'parser', topic: PatientIdentityV1.topic })).toBe(1);
    expect(moved('kerma_messages_produced_total', { service: 'skin-dose', topic: SkinDoseCalculatedV2.topic })).toBe(1);
    for (const [topic, group] of [
      [RdsrReceivedV1.topic, 'kerma-parser'],
      [RdsrReceivedV1.topic, 'kerma-history'],
      [StudyParsedV2.topic, 'kerma-skin-dose'],
      [StudyParsedV2.topic, 'kerma-history'],
      [StudyParsedV2.topic, 'kerma-notification'],
      [PatientIdentityV1.topic, 'kerma-history'],
      [PatientIdentityV1.topic, 'kerma-notification'],
      [SkinDoseCalculatedV2.topic, 'kerma-history'],
      [SkinDoseCalculatedV2.topic, 'kerma-notification'],
    ]) {
      const service = group.replace('kerma-', '');
      expect({ topic, group, consumed: moved('kerma_messages_consumed_total', { service, topic, group, outcome: 'handled' }) }).toEqual({
        topic,
        group,
        consumed: 1,
      });
      expect(moved('kerma_message_handler_duration_seconds_count', { service, topic, group, result: 'ok' })).toBe(1);
    }
    expect(moved('kerma_skin_dose_computation_seconds_count', { service: 'skin-dose', method: 'ray-trace' })).toBe(1);
    expect(moved('kerma_dose_alerts_raised_total', { service: 'notification', metric: 'reference-air-kerma', level: 'srdl' })).toBe(1);
    expect(sampleValue(after, 'kerma_studies', { service: 'history', stage: 'skin-dose', state: 'done' })).toBe(1);
    expect(sampleValue(after, 'kerma_studies', { service: 'history', stage: 'parsed', state: 'done' })).toBe(1);
    expect(sampleValue(after, 'kerma_bus_pending_messages', { service: 'parser', group: 'kerma-parser' })).toBe(0);
    expect(sampleValue(after, 'kerma_process_cpu_seconds_total', { service: 'kerma' })).toBeGreaterThan(0);

    // Route templates, never paths: no label anywhere names the patient, the study or the report.
    await getJson(`${kerma.url}/api/v1/studies/${spec.study.studyInstanceUid}`);
    await getJson(`${kerma.url}/api/v1/patients/${spec.patient.id}/dose-history`);
    const final = await scrape(kerma.url);
    expect(
      sampleValue(final, 'kerma_http_requests_total', { service: 'history', route: '/api/v1/studies/:studyInstanceUid', method: 'GET', status: '200' }),
    ).toBeGreaterThanOrEqual(2);
    const labelValues = final.flatMap((s: Sample) => Object.values(s.labels));
    for (const secret of [spec.patient.id!, 'Metrics', spec.study.studyInstanceUid, spec.study.sopInstanceUid]) {
      expect(labelValues.filter((v) => v.includes(secret))).toEqual([]);
    }
  });

  it('counts a message that breaks its contract as dead-lettered by each consumer group, with its kind', async () => {
    const before = await scrape(kerma.url);
    await kerma.bus.publish(RdsrReceivedV1.topic, null, JSON.stringify({ not: 'an rdsr.received event' }));
    await kerma.bus.drain();
    const after = await scrape(kerma.url);
    for (const group of ['kerma-parser', 'kerma-history']) {
      const labels = { service: group.replace('kerma-', ''), topic: RdsrReceivedV1.topic, group };
      expect(
        (sampleValue(after, 'kerma_messages_dead_lettered_total', { ...labels, kind: 'contract-violation' }) ?? 0) -
          (sampleValue(before, 'kerma_messages_dead_lettered_total', { ...labels, kind: 'contract-violation' }) ?? 0),
      ).toBe(1);
      expect(
        (sampleValue(after, 'kerma_messages_consumed_total', { ...labels, outcome: 'dead-lettered' }) ?? 0) -
          (sampleValue(before, 'kerma_messages_consumed_total', { ...labels, outcome: 'dead-lettered' }) ?? 0),
      ).toBe(1);
    }
  });

  it('answers readiness with every database, the embedded bus and the archive, without a token', async () => {
    const { status, body } = await getJson(`${kerma.url}/health/ready`);
    expect(status).toBe(200);
    expect(body.status).toBe('ready');
    expect(Object.keys(body.checks).sort()).toEqual([
      'archive',
      'broker',
      'database:history',
      'database:ingest',
      'database:notification',
      'database:parser',
      'database:skin-dose',
    ]);
    expect(Object.values(body.checks).every((c) => (c as { status: string }).status === 'ok')).toBe(true);
  });
});
