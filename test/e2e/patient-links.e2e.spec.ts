import { DoseAlertV1, PatientLinkV1 } from '@kerma/contracts';
import { asAnotherStudy, fixedView, generateRdsr, procedureSpec, type ProcedureSpec, getJson, stow } from '@kerma/testing';
import { startTemporaryKerma, type TemporaryKerma } from '../support/temporary-kerma';

/** New ids every run, so a kept data directory never mixes runs. */
const RUN = Date.now() % 1_000_000_007;
const TODAY = new Date().toISOString().slice(0, 10).replace(/-/g, '');
const ID_A = `LINK-A-${RUN}`;
const ID_B = `LINK-B-${RUN}`;

/** Ten posterior–anterior views on the same skin; 0.2 Gy Ka,r each gives a PSD near 2 Gy: below 3 Gy alone, above it twice. */
const paView = fixedView({ doseRpGy: 0.2 });

function study(tag: string, patientId: string, issuer: string | null, time: string): ProcedureSpec {
  const base = procedureSpec({ seed: 5, events: 10, patient: { id: patientId, issuerOfId: issuer, heightM: 1.7, weightKg: 70 }, mapEvent: paView });
  return asAnotherStudy(base, RUN, `links-${tag}`, { date: TODAY, time });
}

interface Json {
  status: number;
  body: any;
}

describe('patient links (single process)', () => {
  let kerma: TemporaryKerma;
  const seen: Record<string, string[]> = {};
  const alertMessages = (): DoseAlertV1[] => (seen[DoseAlertV1.topic] ?? []).map((v) => JSON.parse(v));
  const cumulativeOpened = (metric: DoseAlertV1['metric'] = 'peak-skin-dose') =>
    alertMessages().filter((a) => a.kind === 'cumulative' && a.metric === metric && (a.state ?? 'open') === 'open');

  // A at site-1 (no issuer) and B at site-2 (issuer HOSP-B): one person registered twice; A also at site-3 later.
  const identityA = { site: 'site-1', issuer: null, patientId: ID_A };
  const identityB = { site: 'site-2', issuer: 'HOSP-B', patientId: ID_B };
  const identityA3 = { site: 'site-3', issuer: null, patientId: ID_A };
  const a1 = study('a1', ID_A, null, '090000');
  const b = study('b', ID_B, 'HOSP-B', '100000');
  const a3 = study('a3', ID_A, null, '110000');
  const uid = (s: ProcedureSpec) => s.study.studyInstanceUid;
  let firstLinkId = '';

  beforeAll(async () => {
    kerma = await startTemporaryKerma('patient-links', {
      followUpSweepIntervalMs: 0,
    });
    for (const topic of [DoseAlertV1.topic, PatientLinkV1.topic]) kerma.bus.subscribe(topic, async (m) => void (seen[topic] ??= []).push(m.value));
    expect((await stow(kerma.url, [generateRdsr(a1)], 'site-1')).status).toBe(200);
    expect((await stow(kerma.url, [generateRdsr(b)], 'site-2')).status).toBe(200);
    await kerma.bus.drain();
  }, 120_000);

  afterAll(async () => {
    await kerma?.stop();
  });

  const get = (path: string): Promise<Json> => getJson(`${kerma.url}${path}`);
  const post = async (path: string, body: unknown): Promise<Json> => {
    const response = await fetch(`${kerma.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const skinDose = (id: string, issuer = '') => get(`/api/v1/patients/${id}/skin-dose?issuer=${issuer}`);
  const uids = (list: { studyInstanceUid: string }[]) => list.map((s) => s.studyInstanceUid).sort();
  const psdOf = async (s: ProcedureSpec): Promise<number> => (await get(`/api/v1/studies/${uid(s)}`)).body.skinDose.psdGy;

  it('before a link, the two identities are two patients, each below 3 Gy, without a cumulative alert', async () => {
    const [psdA, psdB] = [await psdOf(a1), await psdOf(b)];
    expect(psdA).toBeGreaterThan(1.5);
    expect(psdA).toBeLessThan(3);
    expect(psdB).toBe(psdA);
    expect(uids((await skinDose(ID_A)).body.studies)).toEqual([uid(a1)]);
    expect(uids((await skinDose(ID_B, 'HOSP-B')).body.studies)).toEqual([uid(b)]);
    expect(alertMessages()).toEqual([]);
  });

  it('refuses a link without a reason, of an identity without studies, or of an identity with itself', async () => {
    expect((await post('/api/v1/patient-links', { identities: [identityA, identityB], by: 'admin-1' })).status).toBe(400);
    expect((await post('/api/v1/patient-links', { identities: [identityA, identityA], reason: 'x', by: 'admin-1' })).status).toBe(400);
    expect((await post('/api/v1/patient-links', { identities: [identityA, identityB], reason: 'x' })).status).toBe(400);
    const unknown = await post('/api/v1/patient-links', { identities: [identityA, { ...identityB, site: 'site-9' }], reason: 'x', by: 'admin-1' });
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(unknown.body)).not.toContain(ID_B);
  });

  it('a link sums both identities on one body surface everywhere, and raises the cumulative alert once', async () => {
    const linked = await post('/api/v1/patient-links', {
      identities: [identityA, identityB],
      reason: 'same person, registered at two hospitals',
      by: 'admin-1',
    });
    expect(linked.status).toBe(201);
    expect(linked.body).toMatchObject({
      active: true,
      identities: [identityA, identityB],
      linked: { by: 'admin-1', reason: 'same person, registered at two hospitals', published: true },
      unlinked: null,
    });
    expect(linked.body.linked.from).toMatch(/127\.0\.0\.1|::1/);
    firstLinkId = linked.body.id;
    expect((await post('/api/v1/patient-links', { identities: [identityB, identityA], reason: 'again', by: 'admin-1' })).status).toBe(409);
    await kerma.bus.drain();
    expect((seen[PatientLinkV1.topic] ?? []).map((v) => JSON.parse(v)).map((e) => [e.linkId, e.action])).toEqual([[firstLinkId, 'linked']]);

    const psd = await psdOf(a1);
    for (const [id, issuer] of [
      [ID_A, ''],
      [ID_B, 'HOSP-B'],
    ]) {
      const { status, body } = await skinDose(id, issuer);
      expect(status).toBe(200);
      expect(uids(body.studies)).toEqual([uid(a1), uid(b)].sort());
      expect(body.cumulativePsdGy / (2 * psd)).toBeCloseTo(1, 3);
      expect(body.cumulativePsdGy).toBeGreaterThanOrEqual(3);
      expect(body.sumOfPsdGy).toBe(2 * psd);
      const summary = (await get(`/api/v1/patients/${id}/dose-summary?issuer=${issuer}`)).body;
      expect(summary.studyCountInWindow).toBe(2);
      expect(summary.cumulativePsdGy).toBeCloseTo(body.cumulativePsdGy, 3);
      const history = (await get(`/api/v1/patients/${id}/dose-history?issuer=${issuer}`)).body;
      expect(history.allTime.studyCount).toBe(2);
      expect(uids((await get(`/api/v1/studies?patientId=${id}`)).body.studies)).toEqual([uid(a1), uid(b)].sort());
    }
    expect((await skinDose(ID_A)).body.patient).toEqual({ id: ID_A, issuers: [null], linkedIdentities: [identityB] });

    // One cumulative PSD alert for the person, on the study that brought it over 3 Gy (B, the later one).
    const opened = cumulativeOpened();
    expect(opened.map((a) => [a.metric, a.studyInstanceUid, a.cumulative?.studyInstanceUids])).toEqual([['peak-skin-dose', uid(b), [uid(a1), uid(b)].sort()]]);
    expect(opened[0].measured.value).toBeGreaterThanOrEqual(3);
  });

  it('a study reached through two identities counts once (the same id at a third site, linked too)', async () => {
    expect((await stow(kerma.url, [generateRdsr(a3)], 'site-3')).status).toBe(200);
    await kerma.bus.drain();
    const second = await post('/api/v1/patient-links', { identities: [identityA, identityA3], reason: 'same registration number at site 3', by: 'admin-3' });
    expect(second.status).toBe(201);
    await kerma.bus.drain();
    const psd = await psdOf(a1);
    const { body } = await skinDose(ID_A);
    expect(uids(body.studies)).toEqual([uid(a1), uid(b), uid(a3)].sort());
    expect(body.sumOfPsdGy).toBeCloseTo(3 * psd, 9);
    expect(body.cumulativePsdGy / (3 * psd)).toBeCloseTo(1, 3);
    expect((await get(`/api/v1/patients/${ID_B}/dose-history?issuer=HOSP-B`)).body.allTime.studyCount).toBe(3);
    expect((await get(`/api/v1/studies?patientId=${ID_A}`)).body.studies).toHaveLength(3);
    // The person already has its cumulative PSD alert in the window: no second one. Σ Ka,r of three studies
    // (3 × 2 Gy) now reaches 5 Gy: that cumulative alert is raised once, on the study that brought it there.
    expect(cumulativeOpened()).toHaveLength(1);
    expect(cumulativeOpened('reference-air-kerma').map((a) => [a.studyInstanceUid, a.measured.value])).toEqual([[uid(a3), 6]]);
  });

  it('an unlink separates the identities again, without a new alert; a new link does not duplicate the alert', async () => {
    const undone = await post(`/api/v1/patient-links/${firstLinkId}:unlink`, { reason: 'registration error: two people', by: 'admin-2' });
    expect(undone.status).toBe(200);
    expect(undone.body).toMatchObject({
      id: firstLinkId,
      active: false,
      linked: { by: 'admin-1' },
      unlinked: { by: 'admin-2', reason: 'registration error: two people', published: true },
    });
    expect((await post(`/api/v1/patient-links/${firstLinkId}:unlink`, { reason: 'again', by: 'admin-2' })).status).toBe(409);
    await kerma.bus.drain();
    expect(uids((await skinDose(ID_B, 'HOSP-B')).body.studies)).toEqual([uid(b)]);
    expect(uids((await skinDose(ID_A)).body.studies)).toEqual([uid(a1), uid(a3)].sort());
    expect((await get(`/api/v1/patients/${ID_B}/dose-summary?issuer=HOSP-B`)).body.studyCountInWindow).toBe(1);
    expect(uids((await get(`/api/v1/studies?patientId=${ID_B}`)).body.studies)).toEqual([uid(b)]);
    expect(cumulativeOpened()).toHaveLength(1);
    expect(cumulativeOpened('reference-air-kerma')).toHaveLength(1);

    const again = await post('/api/v1/patient-links', { identities: [identityB, identityA], reason: 'confirmed after all', by: 'admin-1' });
    expect(again.status).toBe(201);
    await kerma.bus.drain();
    expect(uids((await skinDose(ID_B, 'HOSP-B')).body.studies)).toEqual([uid(a1), uid(b), uid(a3)].sort());
    expect(cumulativeOpened()).toHaveLength(1);
    expect(cumulativeOpened('reference-air-kerma')).toHaveLength(1);
    const alerts = (await get('/api/v1/alerts')).body.alerts.filter((a: { kind: string }) => a.kind === 'cumulative');
    expect(alerts).toHaveLength(2);
  });

  it('reports arriving in reverse study order raise the cumulative alert once, on the later study (its window holds both)', async () => {
    const idC = `LINK-C-${RUN}`;
    const early = study('c-early', idC, null, '080000');
    const late = study('c-late', idC, null, '120000');
    const before = cumulativeOpened().length;
    expect((await stow(kerma.url, [generateRdsr(late)], 'site-1')).status).toBe(200);
    await kerma.bus.drain();
    expect((await stow(kerma.url, [generateRdsr(early)], 'site-1')).status).toBe(200);
    await kerma.bus.drain();
    const raised = cumulativeOpened().slice(before);
    expect(raised.map((a) => [a.studyInstanceUid, a.cumulative?.studyInstanceUids])).toEqual([[uid(late), [uid(early), uid(late)].sort()]]);
  });

  it('every link and unlink is on record: who, when, why, from where', async () => {
    const { status, body } = await get(`/api/v1/patient-links?patientId=${ID_B}`);
    expect(status).toBe(200);
    expect(
      body.links.map((l: { active: boolean; linked: { by: string }; unlinked: { by: string } | null }) => [l.active, l.linked.by, l.unlinked?.by ?? null]),
    ).toEqual([
      [true, 'admin-1', null],
      [false, 'admin-1', 'admin-2'],
    ]);
    for (const link of body.links) {
      expect(Date.parse(link.linked.at)).not.toBeNaN();
      expect(link.linked.from).toBeTruthy();
    }
    expect((await get(`/api/v1/patient-links?patientId=${ID_A}`)).body.links).toHaveLength(3);
    expect((await get(`/api/v1/patient-links/${firstLinkId}`)).body.unlinked.reason).toBe('registration error: two people');
    expect((await get('/api/v1/patient-links?who=me')).status).toBe(400);
    expect((await get('/api/v1/patient-links/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    expect((seen[PatientLinkV1.topic] ?? []).map((v) => JSON.parse(v).action)).toEqual(['linked', 'linked', 'unlinked', 'linked']);
  });
});
