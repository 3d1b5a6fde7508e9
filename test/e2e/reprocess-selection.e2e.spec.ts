import { join } from 'node:path';
import { DoseAlertV1, RdsrReceivedV1, StudyParsedV2 } from '@kerma/contracts';
import { generateRdsr, procedureSpec, getJson, stow } from '@kerma/testing';
import { sampleValue, scrape } from '../support/prometheus-text';
import { kermaCli } from '../support/kerma-cli';
import { startTemporaryKerma, type TemporaryKerma } from '../support/temporary-kerma';

const PATIENT = 'REPRO-PID-5521';
/** 30 × 0.25 Gy Ka,r = 7.5 Gy: over the SRDL, so the study has an alert. */
const study = (seed: number, date: string, stationName: string, heavy = false) =>
  procedureSpec({
    seed,
    events: heavy ? 30 : 6,
    patient: { id: PATIENT },
    study: { date },
    device: { stationName },
    mapEvent: heavy ? (e) => ({ ...e, doseRpGy: 0.25, dapGyM2: 0.0025 }) : undefined,
  });

describe('`kerma reprocess --since` over a selection of studies in the single-process app', () => {
  let kerma: TemporaryKerma;
  const received: RdsrReceivedV1[] = [];
  const parsed: StudyParsedV2[] = [];
  const alerts: DoseAlertV1[] = [];

  const january = [
    study(5601, '20250110', 'CATH-A', true),
    study(5602, '20250115', 'CATH-B'),
    study(5603, '20250120', 'CATH-A'),
    study(5604, '20250125', 'CATH-A'),
  ];
  const outside = [study(5605, '20241220', 'CATH-A'), study(5606, '20250210', 'CATH-A')];
  const revision = (uid: string) => parsed.filter((p) => p.studyInstanceUid === uid).at(-1)?.studyRevision;
  const history = async () => (await getJson(`${kerma.url}/api/v1/patients/${PATIENT}/dose-history?windowDays=36500`)).body;

  beforeAll(async () => {
    kerma = await startTemporaryKerma('reprocess-selection', {
      retryPolicy: { maxAttempts: 2, initialBackoffMs: 10, maxBackoffMs: 10 },
    });
    kerma.bus.subscribe(RdsrReceivedV1.topic, async (m) => void received.push(JSON.parse(m.value) as RdsrReceivedV1));
    kerma.bus.subscribe(StudyParsedV2.topic, async (m) => void parsed.push(JSON.parse(m.value) as StudyParsedV2));
    kerma.bus.subscribe(DoseAlertV1.topic, async (m) => void alerts.push(JSON.parse(m.value) as DoseAlertV1));
    // In date order: a study dated before one already judged would change that one's cumulative window, and
    // its reprocessing could then rightly raise a cumulative alert the first pass could not (not the subject here).
    const inDateOrder = [...january, ...outside].sort((a, b) => a.study.date.localeCompare(b.study.date));
    for (const spec of inDateOrder) {
      expect((await stow(kerma.url, [generateRdsr(spec)], 'cath-lab-1')).status).toBe(200);
      await kerma.bus.drain();
    }
    await kerma.bus.drain();
  }, 120_000);

  afterAll(async () => {
    await kerma?.stop();
  });

  it('gives every study of the period a new revision, once, and keeps one skin dose and the same alerts per study', async () => {
    const before = Object.fromEntries([...january, ...outside].map((s) => [s.study.studyInstanceUid, revision(s.study.studyInstanceUid)]));
    const historyBefore = await history();
    const alertsBefore = alerts.length;
    const viewsBefore = await Promise.all(january.map(async (s) => (await getJson(`${kerma.url}/api/v1/studies/${s.study.studyInstanceUid}`)).body));
    expect(viewsBefore[0].alerts.length).toBeGreaterThan(0);
    const metricsBefore = await scrape(kerma.url);
    const journal = join(kerma.dir, 'january.jsonl');

    // Pages of three: the four January studies take two requests.
    const run = await kermaCli(['reprocess', '--since', '2025-01-01', '--until', '2025-01-31', '--url', kerma.url, '--page-size', '3', '--journal', journal]);
    expect(run.stderr).toContain(`journal: ${journal}`);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    for (const s of january) expect(lines).toContain(`queued     study ${s.study.studyInstanceUid}  1 stored object`);
    expect(lines.at(-1)).toBe('4 studies queued for reprocessing (4 stored objects), 0 not found');
    await kerma.bus.drain();

    for (const s of january) expect(revision(s.study.studyInstanceUid)).toBe(before[s.study.studyInstanceUid]! + 1);
    for (const s of outside) expect(revision(s.study.studyInstanceUid)).toBe(before[s.study.studyInstanceUid]);
    for (const s of january)
      expect(received.filter((r) => r.studyInstanceUid === s.study.studyInstanceUid).map((r) => r.reprocess ?? false)).toEqual([false, true]);

    const historyAfter = await history();
    expect(historyAfter.allTime).toEqual(historyBefore.allTime);
    expect(historyAfter.studies.map((s: { studyInstanceUid: string }) => s.studyInstanceUid).sort()).toEqual(
      [...january, ...outside].map((s) => s.study.studyInstanceUid).sort(),
    );
    const viewsAfter = await Promise.all(january.map(async (s) => (await getJson(`${kerma.url}/api/v1/studies/${s.study.studyInstanceUid}`)).body));
    viewsAfter.forEach((view, i) => {
      expect(view.status.skinDose.state).toBe('done');
      expect(view.skinDose.psdGy).toBeCloseTo(viewsBefore[i].skinDose.psdGy, 9);
      expect(view.skinDose.studyRevision).toBe(viewsBefore[i].skinDose.studyRevision + 1);
      expect(view.alerts).toEqual(viewsBefore[i].alerts);
    });
    expect(alerts.length).toBe(alertsBefore);

    const metricsAfter = await scrape(kerma.url);
    const moved = (name: string) =>
      (sampleValue(metricsAfter, name, { service: 'ingest', selection: 'selection' }) ?? 0) -
      (sampleValue(metricsBefore, name, { service: 'ingest', selection: 'selection' }) ?? 0);
    expect([moved('kerma_reprocess_studies_total'), moved('kerma_reprocess_objects_total')]).toEqual([4, 4]);
  });

  it('a rerun of a finished selection queues nothing more (journal)', async () => {
    const count = received.length;
    const run = await kermaCli([
      'reprocess',
      '--since',
      '2025-01-01',
      '--until',
      '2025-01-31',
      '--url',
      kerma.url,
      '--page-size',
      '3',
      '--journal',
      join(kerma.dir, 'january.jsonl'),
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('nothing left: an earlier run queued the whole selection (4 studies)');
    await kerma.bus.drain();
    expect(received.length).toBe(count);
  });

  it('narrows the selection to one device', async () => {
    const run = await kermaCli([
      'reprocess',
      '--since',
      '2025-01-01',
      '--until',
      '2025-01-31',
      '--device',
      'CATH-B',
      '--url',
      kerma.url,
      '--journal',
      join(kerma.dir, 'cath-b.jsonl'),
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      `queued     study ${january[1].study.studyInstanceUid}  1 stored object`,
      '1 study queued for reprocessing (1 stored object), 0 not found',
    ]);
  });

  it('POST /api/v1/reprocess lists studies with nothing stored as not found and refuses a malformed body', async () => {
    const post = (body: unknown) =>
      fetch(`${kerma.url}/api/v1/reprocess`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await post({ studyInstanceUids: ['1.2.3.404', january[2].study.studyInstanceUid] });
    expect(answer.status).toBe(202);
    expect(await answer.json()).toEqual({ queued: [{ studyInstanceUid: january[2].study.studyInstanceUid, objects: 1 }], notFound: ['1.2.3.404'] });
    for (const bad of [{}, { studyInstanceUids: [] }, { studyInstanceUids: ['not a uid'] }, { studyInstanceUids: ['1.2'], since: '2025-01-01' }])
      expect((await post(bad)).status).toBe(400);
    await kerma.bus.drain();
  });

  it('asks for --study or --since', async () => {
    const run = await kermaCli(['reprocess', '--url', kerma.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('kerma reprocess: give --study <uid>, or --since <date> for a selection\n');
  });
});
