import { DoseAlertV1, PatientIdentityV1, SkinDoseCalculatedV2, StudyParsedV2, type AlertState } from '@kerma/contracts';
import { DEFAULT_ALERT_RULES, FollowUpService } from '@kerma/notification';
import { asAnotherStudy, fixedView, generateRdsr, procedureSpec, type ProcedureSpec } from '@kerma/testing';
import { getJson, stow } from '@kerma/testing';
import { startTemporaryKerma, type TemporaryKerma } from '../support/temporary-kerma';

/** New UIDs every run, so a kept data directory or a replay never mixes runs. */
const RUN = Date.now() % 1_000_000_007;
const TODAY = new Date().toISOString().slice(0, 10).replace(/-/g, '');

/** Ten posterior–anterior views on the same skin: two such studies add up cell by cell. */
const paView = fixedView({ doseRpGy: 0.1 });

function study(tag: string, patientId: string, time = '101500'): ProcedureSpec {
  const base = procedureSpec({ seed: 5, events: 10, patient: { id: patientId, issuerOfId: null, heightM: 1.7, weightKg: 70 }, mapEvent: paView });
  return asAnotherStudy(base, RUN, `follow-up-${tag}`, { date: TODAY, time });
}

async function send(method: 'POST' | 'PUT', url: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe('alert follow-up and cumulative rules (single process)', () => {
  let kerma: TemporaryKerma;
  /** Every message on the three topics, as observed on the bus. */
  const seen: Record<string, { key: string | null; value: string }[]> = {};
  const alertMessages = (): DoseAlertV1[] => (seen[DoseAlertV1.topic] ?? []).map((m) => JSON.parse(m.value));

  beforeAll(async () => {
    kerma = await startTemporaryKerma('follow-up', {
      followUpSweepIntervalMs: 0,
    });
    for (const topic of [DoseAlertV1.topic, StudyParsedV2.topic, PatientIdentityV1.topic, SkinDoseCalculatedV2.topic]) {
      kerma.bus.subscribe(topic, async (m) => void (seen[topic] ??= []).push({ key: m.key, value: m.value }));
    }
  }, 60_000);

  afterAll(async () => {
    await kerma?.stop();
  });

  const first = study('first', 'FU-PATIENT');
  // Later the same day: the cumulative figure is judged on the patient's studies in time order.
  const second = study('second', 'FU-PATIENT', '141500');
  let cumulativePsdAlertId: string;

  it('a cumulative rule fires on the second study of a patient, once, and not again under redelivery', async () => {
    expect((await stow(kerma.url, [generateRdsr(first)])).status).toBe(200);
    await kerma.bus.drain();
    const view = (await getJson(`${kerma.url}/api/v1/studies/${first.study.studyInstanceUid}`)).body;
    const psdGy: number = view.skinDose.psdGy;
    const karGy: number = view.totals.doseRpTotalGy;
    expect(psdGy).toBeGreaterThan(0);
    expect(karGy).toBeGreaterThan(0);

    // Thresholds between one study and two, set through the admin API (a new audited rule-set version).
    const cumulativeRules = [
      {
        id: 'site.cumulative-psd',
        kind: 'cumulative',
        metric: 'peak-skin-dose',
        threshold: 1.5 * psdGy,
        level: 'site',
        windowDays: 60,
        description: 'cumulative PSD',
        reference: 'local policy',
      },
      {
        id: 'site.cumulative-kar',
        kind: 'cumulative',
        metric: 'reference-air-kerma',
        threshold: 1.5 * karGy,
        level: 'site',
        windowDays: 60,
        description: 'cumulative Ka,r',
        reference: 'local policy',
      },
    ];
    const put = await send('PUT', `${kerma.url}/api/v1/alert-rules`, {
      rules: [...DEFAULT_ALERT_RULES.filter((r) => r.kind === 'study'), ...cumulativeRules],
      note: 'lower cumulative thresholds for the test',
      by: 'admin-a',
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ version: 2, source: 'api', changedBy: 'admin-a' });
    const refused = await send('PUT', `${kerma.url}/api/v1/alert-rules`, { rules: [{ ...cumulativeRules[0], metric: 'fluoroscopy-time' }], by: 'admin-a' });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/adds up peak-skin-dose or reference-air-kerma only/);
    const versions = (await getJson(`${kerma.url}/api/v1/alert-rules/versions`)).body.versions;
    expect(versions.map((v: { version: number; source: string }) => [v.version, v.source])).toEqual([
      [2, 'api'],
      [1, 'file'],
    ]);

    expect(alertMessages()).toEqual([]);
    expect((await stow(kerma.url, [generateRdsr(second)])).status).toBe(200);
    await kerma.bus.drain();

    const opened = alertMessages();
    expect(opened.map((a) => [a.kind, a.metric, a.studyInstanceUid, a.state]).sort()).toEqual([
      ['cumulative', 'peak-skin-dose', second.study.studyInstanceUid, 'open'],
      ['cumulative', 'reference-air-kerma', second.study.studyInstanceUid, 'open'],
    ]);
    const psdAlert = opened.find((a) => a.metric === 'peak-skin-dose')!;
    expect(psdAlert.cumulative).toEqual({ windowDays: 60, studyInstanceUids: [first.study.studyInstanceUid, second.study.studyInstanceUid].sort() });
    expect(psdAlert.measured.value / (2 * psdGy)).toBeCloseTo(1, 3);
    cumulativePsdAlertId = psdAlert.alertId;

    // Redelivery of every study event of the patient (all three topics): same alerts, nothing new published.
    for (const topic of [StudyParsedV2.topic, PatientIdentityV1.topic, SkinDoseCalculatedV2.topic]) {
      for (const m of [...(seen[topic] ?? [])]) await kerma.bus.publish(topic, m.key, m.value);
    }
    await kerma.bus.drain();
    expect(alertMessages()).toHaveLength(2);
    const listed = (await getJson(`${kerma.url}/api/v1/alerts?studyInstanceUid=${second.study.studyInstanceUid}`)).body.alerts;
    expect(listed).toHaveLength(2);
    expect((await getJson(`${kerma.url}/api/v1/alerts?studyInstanceUid=${first.study.studyInstanceUid}`)).body.alerts).toEqual([]);
  }, 120_000);

  it('walks an alert through the follow-up: each state on kerma.dose-alert.v1 (same alert id) and in the audit trail', async () => {
    const id = cumulativePsdAlertId;
    const url = (action: string) => `${kerma.url}/api/v1/alerts/${id}/${action}`;

    const summaryBefore = (await getJson(`${kerma.url}/api/v1/patients/FU-PATIENT/dose-summary`)).body;
    expect(summaryBefore.openFollowUps.map((f: { alertId: string; state: string }) => f.state)).toEqual(['open', 'open']);
    expect(summaryBefore.lastHighDose.studyInstanceUid).toBe(second.study.studyInstanceUid);
    expect(summaryBefore.cumulativePsdGy).toBeGreaterThan(0);

    expect((await send('POST', url('acknowledge'), { note: 'seen' })).status).toBe(400); // who, with auth off
    expect((await send('POST', url('acknowledge'), { by: 'physicist-p', note: 'reviewed the map' })).body.state).toBe('acknowledged');
    const early = await send('POST', url('close'), { by: 'physicist-p', outcome: { finding: 'no-effect', ctcaeGrade: 0 } });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'invalid-transition', state: 'acknowledged', allowedFrom: ['skin-check-due', 'skin-check-overdue'] });
    expect((await send('POST', url('acknowledge'), { by: 'physicist-p' })).status).toBe(409);
    expect((await send('POST', url('inform-patient'), { by: 'physicist-p', note: 'told at discharge' })).body.state).toBe('patient-informed');
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const scheduled = await send('POST', url('schedule-skin-check'), { by: 'physicist-p', dueOn: yesterday });
    expect(scheduled.body).toMatchObject({ state: 'skin-check-due', skinCheckDueOn: yesterday });

    // The reminder: the sweep finds the check overdue, once.
    const followUp = kerma.app.get(FollowUpService);
    await followUp.sweep(new Date());
    await followUp.sweep(new Date());
    expect((await getJson(`${kerma.url}/api/v1/alerts/${id}`)).body.state).toBe('skin-check-overdue');

    expect((await send('POST', url('close'), { by: 'physicist-p', outcome: { finding: 'erythema', ctcaeGrade: 4 } })).status).toBe(400);
    const closed = await send('POST', url('close'), { by: 'physicist-p', note: 'faint erythema, resolved', outcome: { finding: 'erythema', ctcaeGrade: 1 } });
    expect(closed.status).toBe(200);
    await kerma.bus.drain();

    const states: AlertState[] = ['open', 'acknowledged', 'patient-informed', 'skin-check-due', 'skin-check-overdue', 'closed'];
    const trail = (await getJson(`${kerma.url}/api/v1/alerts/${id}`)).body.trail;
    expect(trail.map((t: { seq: number; state: string; by: string; published: boolean }) => [t.seq, t.state, t.by, t.published])).toEqual(
      states.map((s, i) => [i + 1, s, s === 'open' || s === 'skin-check-overdue' ? 'kerma' : 'physicist-p', true]),
    );
    expect(trail[1].note).toBe('reviewed the map');
    expect(trail[5].outcome).toEqual({ finding: 'erythema', ctcaeGrade: 1 });

    const onTopic = alertMessages().filter((a) => a.alertId === id);
    expect(onTopic.map((a) => [a.state, a.transition?.seq])).toEqual(states.map((s, i) => [s, i + 1]));
    expect(new Set(onTopic.map((a) => a.eventId)).size).toBe(states.length);
    for (const a of onTopic) expect(DoseAlertV1.schema.safeParse(a).success).toBe(true);
    expect(onTopic.at(-1)).toMatchObject({
      outcome: { finding: 'erythema', ctcaeGrade: 1 },
      skinCheck: { dueOn: yesterday },
      transition: { by: 'physicist-p', note: 'faint erythema, resolved' },
    });

    // history follows the states: the closed alert is no longer an open follow-up.
    const summaryAfter = (await getJson(`${kerma.url}/api/v1/patients/FU-PATIENT/dose-summary`)).body;
    expect(summaryAfter.openFollowUps.map((f: { alertId: string }) => f.alertId)).not.toContain(id);
    expect(summaryAfter.openFollowUps).toHaveLength(1);
  }, 120_000);

  it('after a restart with the same configured rules, the rules changed through the API stay in force (no new version)', async () => {
    await kerma.app.close();
    kerma = await kerma.startAgain();
    const current = (await getJson(`${kerma.url}/api/v1/alert-rules`)).body;
    expect(current).toMatchObject({ version: 2, source: 'api' });
    expect((await getJson(`${kerma.url}/api/v1/alert-rules/versions`)).body.versions).toHaveLength(2);
    expect((await getJson(`${kerma.url}/api/v1/alerts/${cumulativePsdAlertId}`)).body.state).toBe('closed');
  }, 60_000);

  it('answers 404 for an unknown alert and refuses unknown fields', async () => {
    expect((await getJson(`${kerma.url}/api/v1/alerts/00000000-0000-5000-8000-000000000000`)).status).toBe(404);
    expect((await send('POST', `${kerma.url}/api/v1/alerts/${cumulativePsdAlertId}/acknowledge`, { by: 'x', mood: 'fine' })).status).toBe(400);
  });
});
