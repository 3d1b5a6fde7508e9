import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DoseAlertV1, RdsrReceivedV1, StudyParsedV2, patientKey } from '@kerma/contracts';
import { generateRdsr, procedureSpec } from '@kerma/testing';
import Database from 'better-sqlite3';
import { ArchiveStore } from '@kerma/ingest';
import { ALGORITHM_VERSION } from '@kerma/dosimetry';
import { decompressJson } from '@kerma/platform';
import { PARSER_VERSION } from '@kerma/rdsr';
import { eventually, getJson, stow } from '@kerma/testing';
import { kermaCli } from '../support/kerma-cli';
import { startTemporaryKerma, type TemporaryKerma } from '../support/temporary-kerma';

/** A dose history without the start of its window, which moves with the clock. */
const withoutSince = (history: unknown): unknown => JSON.parse(JSON.stringify(history, (key, value) => (key === 'since' ? undefined : value)));

describe('recovery in the single-process app: failures cleared when the stage completes, and `kerma reprocess`', () => {
  let kerma: TemporaryKerma;
  const received: RdsrReceivedV1[] = [];
  const parsed: StudyParsedV2[] = [];
  const alerts: DoseAlertV1[] = [];

  beforeAll(async () => {
    kerma = await startTemporaryKerma('recovery', {
      retryPolicy: { maxAttempts: 2, initialBackoffMs: 10, maxBackoffMs: 10 },
    });
    kerma.bus.subscribe(RdsrReceivedV1.topic, async (m) => void received.push(JSON.parse(m.value) as RdsrReceivedV1));
    kerma.bus.subscribe(StudyParsedV2.topic, async (m) => void parsed.push(JSON.parse(m.value) as StudyParsedV2));
    kerma.bus.subscribe(DoseAlertV1.topic, async (m) => void alerts.push(JSON.parse(m.value) as DoseAlertV1));
  }, 60_000);

  afterAll(async () => {
    await kerma?.stop();
  });

  it('clears a parse failure from the study once the report is parsed after all', async () => {
    const spec = procedureSpec({ seed: 1901, events: 3 });
    const bytes = generateRdsr(spec);
    const site = 'e2e';
    // The first announcement points at an object ingest does not have: a permanent failure, dead-lettered
    // (an unreachable ingest would be transient and waited for instead).
    const unreachable = `${kerma.url}/api/v1/instances/${randomUUID()}/file`;
    const announcement = RdsrReceivedV1.parse({
      eventId: randomUUID(),
      occurredAt: new Date().toISOString(),
      objectId: randomUUID(),
      site,
      sopClassUid: '1.2.840.10008.5.1.4.1.1.88.67',
      sopInstanceUid: spec.study.sopInstanceUid,
      studyInstanceUid: spec.study.studyInstanceUid,
      patient: {
        id: spec.patient.id,
        issuer: null,
        key: patientKey({ site, patientId: spec.patient.id, issuer: null, studyInstanceUid: spec.study.studyInstanceUid }),
      },
      sha256: ArchiveStore.sha256(bytes),
      sizeBytes: bytes.length,
      source: 'stow',
      receivedAt: new Date().toISOString(),
      retrieveUrl: unreachable,
    });
    await kerma.bus.publish(RdsrReceivedV1.topic, announcement.patient.key, JSON.stringify(announcement));
    await kerma.bus.drain();
    const failed = await eventually(async () => {
      const { status, body } = await getJson(`${kerma.url}/api/v1/studies/${spec.study.studyInstanceUid}`);
      return status === 200 && body.failures.length > 0 ? body : undefined;
    }, 'the parse failure to reach the study');
    expect(failed.failures).toEqual([expect.objectContaining({ stage: 'parse', sopInstanceUid: spec.study.sopInstanceUid })]);

    // The report arrives (again) and is parsed: the stage completed, the failure is gone.
    expect((await stow(kerma.url, [bytes], site)).status).toBe(200);
    await kerma.bus.drain();
    const { body: study } = await getJson(`${kerma.url}/api/v1/studies/${spec.study.studyInstanceUid}`);
    expect(study.status.parsed.state).toBe('done');
    expect(study.failures).toEqual([]);
  });

  it('re-drives a stored study through the pipeline: a new study revision, nothing counted twice', async () => {
    const spec = procedureSpec({ seed: 1902, events: 30, mapEvent: (e) => ({ ...e, doseRpGy: 0.25, dapGyM2: 0.0025 }) });
    const uid = spec.study.studyInstanceUid;
    expect((await stow(kerma.url, [generateRdsr(spec)], 'cath-lab-7')).status).toBe(200);
    await kerma.bus.drain();
    const before = (await getJson(`${kerma.url}/api/v1/studies/${uid}`)).body;
    const historyBefore = withoutSince(
      (await getJson(`${kerma.url}/api/v1/patients/${encodeURIComponent(spec.patient.id!)}/dose-history?windowDays=36500`)).body,
    );
    const firstRevision = parsed.filter((p) => p.studyInstanceUid === uid).at(-1)!.studyRevision;
    const alertsBefore = alerts.filter((a) => a.studyInstanceUid === uid).length;
    expect(alertsBefore).toBeGreaterThan(0);
    const firstAnnouncement = received.filter((r) => r.studyInstanceUid === uid);
    expect(firstAnnouncement).toHaveLength(1);

    const cli = await kermaCli(['reprocess', '--study', uid, '--url', kerma.url]);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    expect(cli.stdout.trim()).toBe(`1 stored object of study ${uid} queued for reprocessing`);
    await kerma.bus.drain();

    const again = received.filter((r) => r.studyInstanceUid === uid);
    expect(again).toHaveLength(2);
    expect(again[1]).toMatchObject({ objectId: firstAnnouncement[0].objectId, reprocess: true });
    expect(again[1].eventId).not.toBe(firstAnnouncement[0].eventId);
    expect(parsed.filter((p) => p.studyInstanceUid === uid).at(-1)!.studyRevision).toBe(firstRevision + 1);

    const after = (await getJson(`${kerma.url}/api/v1/studies/${uid}`)).body;
    expect(after.totals).toEqual(before.totals);
    expect(after.status.skinDose.state).toBe('done');
    expect(after.skinDose.psdGy).toBeCloseTo(before.skinDose.psdGy, 9);
    expect(after.alerts).toEqual(before.alerts);
    expect(alerts.filter((a) => a.studyInstanceUid === uid)).toHaveLength(alertsBefore);
    expect(withoutSince((await getJson(`${kerma.url}/api/v1/patients/${encodeURIComponent(spec.patient.id!)}/dose-history?windowDays=36500`)).body)).toEqual(
      historyBefore,
    );

    // The old results stay, versioned: history's figures of the first revision, with the parser and skin-dose versions…
    const { status, body: versions } = await getJson(`${kerma.url}/api/v1/studies/${uid}/versions`);
    expect(status).toBe(200);
    expect(versions.current).toMatchObject({ studyRevision: firstRevision + 1, parserVersion: PARSER_VERSION, totals: before.totals });
    expect(versions.current.skinDose.calculatedAt).toBe(after.skinDose.calculatedAt);
    expect(versions.versions).toHaveLength(1);
    expect(versions.versions[0]).toMatchObject({
      reason: 'study-revision',
      changed: expect.arrayContaining(['studyRevision', 'parsedAt']),
      studyRevision: firstRevision,
      parsedAt: before.status.parsed.at,
      parserVersion: PARSER_VERSION,
      totals: before.totals,
      reports: before.reports,
      skinDose: before.skinDose,
      peakSkinDose: before.peakSkinDose,
    });
    expect(versions.versions[0].skinDose.algorithmVersion).toBe(ALGORITHM_VERSION);
    // …and the parser's earlier reading of the report beside the current one (compressed; the same bytes read
    // the same, so the earlier procedure is kept once, in the current reading).
    const parserDb = new Database(join(kerma.dataDir, 'parser.sqlite'), { readonly: true });
    try {
      const current = parserDb
        .prepare('SELECT reprocessed, study_revision AS revision, parser_version AS version, procedure FROM parsed_report WHERE study_instance_uid = ?')
        .all(uid);
      const earlier = parserDb
        .prepare('SELECT reprocessed, study_revision AS revision, parser_version AS version, procedure FROM parsed_report_version WHERE study_instance_uid = ?')
        .all(uid);
      expect(current).toEqual([{ reprocessed: 1, revision: firstRevision + 1, version: PARSER_VERSION, procedure: expect.any(String) }]);
      expect(earlier).toEqual([{ reprocessed: 0, revision: firstRevision, version: PARSER_VERSION, procedure: null }]);
      const { procedure } = current[0] as { procedure: string };
      expect(procedure.startsWith('{')).toBe(false);
      expect(decompressJson<{ events: unknown[] }>(procedure).events).toHaveLength(30);
    } finally {
      parserDb.close();
    }
  });

  it('answers `kerma reprocess` of an unknown study with a clear error and exit code 1', async () => {
    const cli = await kermaCli(['reprocess', '--study', '1.2.3.999', '--url', kerma.url]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/HTTP 404: no stored object of study 1\.2\.3\.999/);
  });
});
