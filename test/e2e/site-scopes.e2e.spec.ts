import { randomBytes, randomUUID } from 'node:crypto';
import { DoseAlertV1, patientKey } from '@kerma/contracts';
import { findFreePort, generateRdsr, procedureSpec } from '@kerma/testing';
import { oidcClient, kermaOidcOptions, startOidcProvider, type OidcClient, type RunningOidcProvider } from '../support/oidc-provider';
import { startTemporaryKerma, type TemporaryKerma } from '../support/temporary-kerma';

const VIEWER_A = oidcClient('viewer-a', ['viewer'], ['site-a']);
const VIEWER_B = oidcClient('viewer-b', ['viewer'], ['site-b']);
const PHYSICIST_A = oidcClient('physicist-a', ['physicist'], ['site-a']);
const ADMIN_A = oidcClient('admin-a', ['site-admin'], ['site-a']);
const ADMIN_B = oidcClient('admin-b', ['site-admin'], ['site-b']);
const ADMIN_AB = oidcClient('admin-ab', ['site-admin'], ['site-a', 'site-b']);
const INTEGRATOR_A = oidcClient('integrator-a', ['integrator'], ['site-a']);
const GROUP = oidcClient('group-physicist', ['physicist', 'integrator'], ['*']);
const AUDITOR_A = oidcClient('auditor-a', ['auditor'], ['site-a']);
const AUDITOR_B = oidcClient('auditor-b', ['auditor'], ['site-b']);
const SERVICE = oidcClient('kerma-service', ['viewer'], ['*']);

/** One patient id seen at two sites, each with a high-dose study (alerts at both). */
const PATIENT_ID = `SCOPE-${randomBytes(4).toString('hex')}`;
const studyAt = (seed: number) =>
  procedureSpec({ seed, events: 24, patient: { id: PATIENT_ID }, mapEvent: (e) => ({ ...e, doseRpGy: 0.25, dapGyM2: 0.0025 }) });

describe('site scopes: a user of site A sees nothing of site B through any endpoint', () => {
  let oidc: RunningOidcProvider;
  let kerma: TemporaryKerma;
  const tokens = new Map<string, string>();
  const specA = studyAt(8101);
  const specB = studyAt(8102);
  const uidA = specA.study.studyInstanceUid;
  const uidB = specB.study.studyInstanceUid;
  let objectB = '';

  const token = async (c: OidcClient) => {
    if (!tokens.has(c.client_id)) tokens.set(c.client_id, await oidc.token(c));
    return tokens.get(c.client_id)!;
  };
  const call = async (c: OidcClient, path: string, init: RequestInit = {}) =>
    fetch(`${kerma.url}${path}`, { ...init, headers: { ...(init.headers ?? {}), authorization: `Bearer ${await token(c)}` } });
  const json = async (c: OidcClient, path: string) => {
    const response = await call(c, path);
    expect(response.status).toBe(200);
    return response.json() as Promise<Record<string, unknown>>;
  };
  const stowAs = (c: OidcClient, site: string, bytes: Uint8Array) =>
    call(c, `/dicomweb/studies?site=${site}`, { method: 'POST', headers: { 'content-type': 'application/dicom' }, body: bytes });

  beforeAll(async () => {
    oidc = await startOidcProvider(await findFreePort(), [
      VIEWER_A,
      VIEWER_B,
      PHYSICIST_A,
      ADMIN_A,
      ADMIN_B,
      ADMIN_AB,
      INTEGRATOR_A,
      GROUP,
      SERVICE,
      AUDITOR_A,
      AUDITOR_B,
    ]);
    kerma = await startTemporaryKerma('site-scopes', {
      defaultSite: 'site-a',
      ...kermaOidcOptions(oidc, SERVICE),
    });
    expect((await stowAs(INTEGRATOR_A, 'site-a', generateRdsr(specA))).status).toBe(200);
    expect((await stowAs(GROUP, 'site-b', generateRdsr(specB))).status).toBe(200);
    await kerma.bus.drain();
    const instances = (await json(GROUP, `/api/v1/instances?studyInstanceUid=${uidB}`)).instances as { id: string }[];
    objectB = instances[0].id;
  });

  afterAll(async () => {
    await kerma?.stop();
    await oidc?.stop();
  });

  it('an integrator of site A cannot store objects for site B', async () => {
    const response = await stowAs(INTEGRATOR_A, 'site-b', generateRdsr(studyAt(8103)));
    expect(response.status).toBe(403);
  });

  it('studies, skin doses, maps and stored objects of site B are unknown to site A (404), known to site B', async () => {
    for (const path of [
      `/api/v1/studies/${uidB}`,
      `/api/v1/studies/${uidB}/versions`,
      `/api/v1/studies/${uidB}/skin-dose`,
      `/fhir/studies/${uidB}/radiation-dose-summary`,
      `/api/v1/studies/${uidB}/skin-dose/map.png`,
      `/api/v1/studies/${uidB}/skin-dose/map.svg`,
      `/api/v1/studies/${uidB}/skin-dose/validations`,
      `/api/v1/instances/${objectB}`,
      `/api/v1/instances/${objectB}/file`,
    ]) {
      expect([path, (await call(VIEWER_A, path)).status]).toEqual([path, 404]);
      expect([path, (await call(VIEWER_B, path)).status]).toEqual([path, 200]);
    }
    expect((await json(VIEWER_A, `/api/v1/instances?studyInstanceUid=${uidB}`)).instances).toEqual([]);
    expect((await call(PHYSICIST_A, `/api/v1/studies/${uidB}/skin-dose:recompute`, { method: 'POST' })).status).toBe(404);
    expect((await call(PHYSICIST_A, `/api/v1/studies/${uidB}:reprocess`, { method: 'POST' })).status).toBe(404);
    const points = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'points', csv: 'x_mm,y_mm,dose_gy\n10,10,0.001' }),
    };
    expect((await call(PHYSICIST_A, `/api/v1/studies/${uidB}/skin-dose/validations`, points)).status).toBe(404);
    expect((await call(PHYSICIST_A, `/api/v1/studies/${uidA}/skin-dose:recompute`, { method: 'POST' })).status).toBe(200);
  });

  it("reprocessing a selection touches only the caller's sites: another site's study is reported not found", async () => {
    const post = (c: OidcClient, body: unknown) =>
      call(c, '/api/v1/reprocess', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const asPhysicistA = await post(PHYSICIST_A, { studyInstanceUids: [uidA, uidB] });
    expect(asPhysicistA.status).toBe(202);
    expect(await asPhysicistA.json()).toEqual({ queued: [{ studyInstanceUid: uidA, objects: 1 }], notFound: [uidB] });
    expect((await post(VIEWER_A, { studyInstanceUids: [uidA] })).status).toBe(403);
    expect((await post(INTEGRATOR_A, { studyInstanceUids: [uidA] })).status).toBe(403);
    await kerma.bus.drain();
  });

  it("DRL analytics count only the caller's sites; another site is refused, and viewers may not ask", async () => {
    const kapCount = async (c: OidcClient, query = '') =>
      ((await json(c, `/api/v1/analytics/drl?metric=kap${query}`)).groups as { count: number }[]).reduce((n, g) => n + g.count, 0);
    expect(await kapCount(GROUP)).toBe(2);
    expect(await kapCount(PHYSICIST_A)).toBe(1);
    expect(await kapCount(GROUP, '&site=site-b')).toBe(1);
    expect((await call(PHYSICIST_A, '/api/v1/analytics/drl?site=site-b')).status).toBe(403);
    expect((await call(VIEWER_A, '/api/v1/analytics/drl')).status).toBe(403);
    expect((await call(VIEWER_A, '/api/v1/analytics/drl.csv')).status).toBe(403);
    expect((await call(PHYSICIST_A, '/api/v1/analytics/drl.xlsx?site=site-b')).status).toBe(403);
    const manual = (c: OidcClient, site: string) =>
      call(c, `/api/v1/dose-figures/manual-entries?site=${site}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: 'date,device,procedure,kap\n2026-03-02,C1,Hip,3\n',
      });
    expect((await manual(PHYSICIST_A, 'site-b')).status).toBe(403);
    expect((await manual(VIEWER_A, 'site-a')).status).toBe(403);
    expect((await manual(PHYSICIST_A, 'site-a')).status).toBe(200);
  });

  it("study exports hold only the caller's sites; a viewer's export has no patient id column", async () => {
    const exported = async (c: OidcClient) => (await (await call(c, '/api/v1/exports/studies.csv')).text()).replace(/^\uFEFF/, '');
    const viewer = await exported(VIEWER_A);
    expect(viewer.split('\r\n')[0].split(',')).not.toContain('patientId');
    expect(viewer).toContain(uidA);
    expect(viewer).not.toContain(uidB);
    expect(viewer).not.toContain(PATIENT_ID);
    const physicist = await exported(PHYSICIST_A);
    expect(physicist.split('\r\n')[0].split(',')).toContain('patientId');
    expect(physicist).toContain(PATIENT_ID);
    expect(physicist).not.toContain(uidB);
    expect((await call(VIEWER_A, '/api/v1/exports/studies.xlsx?site=site-b')).status).toBe(403);
  });

  it("alerts are filtered to the caller's sites; asking for another site is refused", async () => {
    const sitesOf = async (c: OidcClient, query = '') => new Set(((await json(c, `/api/v1/alerts${query}`)).alerts as { site: string }[]).map((a) => a.site));
    expect(await sitesOf(GROUP)).toEqual(new Set(['site-a', 'site-b']));
    expect(await sitesOf(VIEWER_A)).toEqual(new Set(['site-a']));
    expect(await sitesOf(VIEWER_B)).toEqual(new Set(['site-b']));
    expect((await call(VIEWER_A, '/api/v1/alerts?site=site-b')).status).toBe(403);
  });

  it("a patient's dose history and cumulative skin dose count only the caller's sites", async () => {
    const studiesIn = async (c: OidcClient, path: string) =>
      ((await json(c, path)).studies as { studyInstanceUid: string }[]).map((s) => s.studyInstanceUid).sort();
    expect(await studiesIn(GROUP, `/api/v1/patients/${PATIENT_ID}/dose-history`)).toEqual([uidA, uidB].sort());
    expect(await studiesIn(VIEWER_A, `/api/v1/patients/${PATIENT_ID}/dose-history`)).toEqual([uidA]);
    expect(await studiesIn(VIEWER_A, `/api/v1/patients/${PATIENT_ID}/skin-dose?windowDays=36500`)).toEqual([uidA]);
    expect(await studiesIn(VIEWER_B, `/api/v1/patients/${PATIENT_ID}/skin-dose?windowDays=36500`)).toEqual([uidB]);
    // The cumulative map of site A's viewer is drawn from site A's study only: it names one study map.
    for (const [viewer, path] of [
      [VIEWER_A, `/api/v1/patients/${PATIENT_ID}/skin-dose/map.svg?windowDays=36500`],
      [VIEWER_B, `/api/v1/patients/${PATIENT_ID}/skin-dose/map.svg?windowDays=36500`],
    ] as const) {
      const response = await call(viewer, path);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('1 study map(s) added');
      expect((await call(viewer, path.replace('map.svg', 'map.png'))).headers.get('content-type')).toBe('image/png');
    }
    expect((await call(GROUP, `/api/v1/patients/${PATIENT_ID}/skin-dose/map.svg?windowDays=36500`)).status).toBe(200);
    expect(await (await call(GROUP, `/api/v1/patients/${PATIENT_ID}/skin-dose/map.svg?windowDays=36500`)).text()).toContain('2 study map(s) added');
    expect((await call(VIEWER_A, `/api/v1/patients/${PATIENT_ID}/dose-history?site=site-b`)).status).toBe(403);
    // A repeated parameter must not silently drop the filter.
    expect((await call(VIEWER_A, `/api/v1/patients/${PATIENT_ID}/dose-history?site[]=site-a&site[]=site-b`)).status).toBe(400);
  });

  it("follow-up: another site's alert is unknown (404); acknowledging needs physicist or site-admin; the actor comes from the token", async () => {
    const alertsOf = async (c: OidcClient) => (await json(c, '/api/v1/alerts')).alerts as { alertId: string; site: string; state: string }[];
    const alertB = (await alertsOf(VIEWER_B))[0]!;
    const alertA = (await alertsOf(VIEWER_A))[0]!;
    const post = (c: OidcClient, path: string, body: unknown) =>
      call(c, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await call(VIEWER_A, `/api/v1/alerts/${alertB.alertId}`)).status).toBe(404);
    expect((await post(PHYSICIST_A, `/api/v1/alerts/${alertB.alertId}/acknowledge`, {})).status).toBe(404);
    expect((await post(VIEWER_A, `/api/v1/alerts/${alertA.alertId}/acknowledge`, {})).status).toBe(403);
    expect((await post(PHYSICIST_A, `/api/v1/alerts/${alertA.alertId}/acknowledge`, { by: 'someone-else' })).status).toBe(400);
    const acknowledged = await post(PHYSICIST_A, `/api/v1/alerts/${alertA.alertId}/acknowledge`, { note: 'seen' });
    expect(acknowledged.status).toBe(200);
    const trail = ((await acknowledged.json()) as { trail: { state: string; by: string }[] }).trail;
    expect(trail.at(-1)).toEqual(expect.objectContaining({ state: 'acknowledged', by: 'physicist-a' }));
  });

  it("dose summary counts only the caller's sites; the rule set is replaced only with a group-wide scope", async () => {
    const openOf = async (c: OidcClient) =>
      ((await json(c, `/api/v1/patients/${PATIENT_ID}/dose-summary`)).openFollowUps as { site: string }[]).map((f) => f.site);
    expect(new Set(await openOf(VIEWER_A))).toEqual(new Set(['site-a']));
    expect(new Set(await openOf(VIEWER_B))).toEqual(new Set(['site-b']));
    const rules = (await json(VIEWER_A, '/api/v1/alert-rules')).rules;
    const put = (c: OidcClient) =>
      call(c, '/api/v1/alert-rules', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules }) });
    expect((await put(PHYSICIST_A)).status).toBe(403);
    expect((await put(ADMIN_A)).status).toBe(403);
  });

  it('webhook subscribers and alert deliveries: only site administrators, only of their sites', async () => {
    const register = (c: OidcClient, site: string) =>
      call(c, '/api/v1/webhooks', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ site, url: `https://${site}.example.org/hooks`, eventTypes: ['dose-alert.open'] }),
      });
    expect((await register(ADMIN_A, 'site-b')).status).toBe(403);
    expect((await register(PHYSICIST_A, 'site-a')).status).toBe(403);
    const ofA = (await (await register(ADMIN_A, 'site-a')).json()) as { id: string };
    const ofB = (await (await register(ADMIN_B, 'site-b')).json()) as { id: string };
    expect((await call(VIEWER_A, '/api/v1/webhooks')).status).toBe(403);
    expect((await call(VIEWER_A, '/api/v1/alert-deliveries')).status).toBe(403);
    expect(((await json(ADMIN_A, '/api/v1/webhooks')).webhooks as { id: string }[]).map((w) => w.id)).toEqual([ofA.id]);
    expect((await call(ADMIN_A, '/api/v1/webhooks?site=site-b')).status).toBe(403);
    for (const [method, path] of [
      ['GET', `/api/v1/webhooks/${ofB.id}`],
      ['POST', `/api/v1/webhooks/${ofB.id}/rotate-secret`],
      ['DELETE', `/api/v1/webhooks/${ofB.id}`],
    ]) {
      expect([method, path, (await call(ADMIN_A, path, { method })).status]).toEqual([method, path, 404]);
    }
    expect((await call(ADMIN_B, `/api/v1/webhooks/${ofB.id}`)).status).toBe(200);
    // An alert at each site, published after the subscribers exist, is delivered to its site's subscriber only.
    for (const site of ['site-a', 'site-b']) {
      const alert = DoseAlertV1.parse({
        eventId: randomUUID(),
        occurredAt: new Date().toISOString(),
        alertId: randomUUID(),
        site,
        patient: {
          id: PATIENT_ID,
          issuer: null,
          key: patientKey({ site, patientId: PATIENT_ID, issuer: null, studyInstanceUid: site === 'site-a' ? uidA : uidB }),
        },
        studyInstanceUid: site === 'site-a' ? uidA : uidB,
        metric: 'reference-air-kerma',
        measured: { value: 6, unit: 'Gy' },
        threshold: { value: 5, unit: 'Gy' },
        level: 'scope-test',
        rule: { id: 'scope-test', description: 'scope test', reference: 'test' },
        raisedAt: new Date().toISOString(),
      });
      await kerma.bus.publish(DoseAlertV1.topic, alert.patient.key, JSON.stringify(alert));
    }
    await kerma.bus.drain();
    const deliveriesOf = async (c: OidcClient) => (await json(c, '/api/v1/alert-deliveries')).deliveries as { id: string; site: string; target: string }[];
    const ofSiteB = await deliveriesOf(ADMIN_B);
    expect(ofSiteB.map((d) => [d.site, d.target])).toEqual([['site-b', ofB.id]]);
    expect((await deliveriesOf(ADMIN_A)).map((d) => [d.site, d.target])).toEqual([['site-a', ofA.id]]);
    expect((await call(ADMIN_A, `/api/v1/alert-deliveries/${ofSiteB[0].id}/replay`, { method: 'POST' })).status).toBe(404);
  });

  it("rooms: each site sees its own; commissioning is for physicists of the room's site; patient sizes only for studies in scope", async () => {
    const roomA = specA.device.deviceObserverUid;
    const roomB = specB.device.deviceObserverUid;
    const roomsOf = async (c: OidcClient, query = '') => ((await json(c, `/api/v1/rooms${query}`)).rooms as { roomId: string }[]).map((r) => r.roomId).sort();
    expect(await roomsOf(GROUP)).toEqual([roomA, roomB].sort());
    expect(await roomsOf(VIEWER_A)).toEqual([roomA]);
    expect(await roomsOf(VIEWER_B)).toEqual([roomB]);
    expect((await call(VIEWER_A, '/api/v1/rooms?site=site-b')).status).toBe(403);
    expect((await call(INTEGRATOR_A, '/api/v1/rooms')).status).toBe(403);
    expect((await call(VIEWER_A, `/api/v1/rooms/${roomB}`)).status).toBe(404);
    expect((await call(VIEWER_B, `/api/v1/rooms/${roomB}`)).status).toBe(200);
    const commission = (c: OidcClient, room: string, body: unknown) =>
      call(c, `/api/v1/rooms/${room}/commissioning`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const profile = { minimumSourceSkinDistanceMm: 380 };
    expect((await commission(PHYSICIST_A, roomB, { profile })).status).toBe(404);
    expect((await commission(VIEWER_A, roomA, { profile })).status).toBe(403);
    expect((await commission(ADMIN_A, roomA, { profile })).status).toBe(403);
    expect((await commission(PHYSICIST_A, roomA, { profile, by: 'someone-else' })).status).toBe(400);
    const commissioned = await commission(PHYSICIST_A, roomA, { profile });
    expect(commissioned.status).toBe(200);
    expect(((await commissioned.json()) as { current: { commissionedBy: string } }).current.commissionedBy).toBe('physicist-a');
    expect((await call(PHYSICIST_A, `/api/v1/rooms/${roomB}:recompute`, { method: 'POST' })).status).toBe(404);
    expect(((await (await call(PHYSICIST_A, `/api/v1/rooms/${roomA}:recompute`, { method: 'POST' })).json()) as { recomputed: string[] }).recomputed).toEqual([
      uidA,
    ]);

    const csv = (c: OidcClient, text: string) => call(c, '/api/v1/patient-sizes', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: text });
    const imported = await csv(INTEGRATOR_A, `study_instance_uid,height_cm,weight_kg\n${uidA},171,72\n${uidB},171,72\n`);
    expect(imported.status).toBe(200);
    type Imported = { accepted: number; pending: { line: number; site: string }[]; rejected: { line: number; reason: string }[]; recomputed: string[] };
    const answer = (await imported.json()) as Imported;
    expect(answer.accepted).toBe(1);
    expect(answer.recomputed).toEqual([uidA]);
    // Site B's study is not revealed: the size waits for a study of that UID at the caller's only site.
    expect(answer.pending).toEqual([expect.objectContaining({ line: 3, site: 'site-a' })]);
    expect(answer.rejected).toEqual([]);
    const elsewhere = (await (await csv(INTEGRATOR_A, `study_instance_uid,site,height_cm\n1.2.3.999,site-b,171\n`)).json()) as Imported;
    expect(elsewhere).toMatchObject({
      accepted: 0,
      pending: [],
      rejected: [
        {
          line: 2,
          reason: expect.stringMatching(/^no study with Study Instance UID 1\.2\.3\.999 in your site scope yet: site site-b is outside your site scope/),
        },
      ],
    });
    expect((await csv(VIEWER_A, `study_instance_uid,height_cm\n${uidA},171\n`)).status).toBe(403);
    const fhir = {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '8302-2' }] },
      valueQuantity: { value: 171, system: 'http://unitsofmeasure.org', code: 'cm' },
    };
    const observe = (uid: string) =>
      call(INTEGRATOR_A, `/api/v1/studies/${uid}/patient-size`, {
        method: 'POST',
        headers: { 'content-type': 'application/fhir+json' },
        body: JSON.stringify(fhir),
      });
    expect((await observe(uidB)).status).toBe(404);
    expect((await observe(uidA)).status).toBe(200);
  });

  it("API keys: created, listed and revoked only within the administrator's sites; a key of site A reads nothing of site B", async () => {
    const create = (c: OidcClient, site: string) =>
      call(c, '/api/v1/api-keys', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'scope test', site, role: 'viewer' }),
      });
    expect((await create(ADMIN_A, 'site-b')).status).toBe(403);
    expect((await create(PHYSICIST_A, 'site-a')).status).toBe(403);
    const ofA = (await (await create(ADMIN_A, 'site-a')).json()) as { id: string; key: string };
    expect((await call(VIEWER_A, '/api/v1/api-keys')).status).toBe(403);
    expect(((await json(ADMIN_B, '/api/v1/api-keys')).apiKeys as { id: string }[]).map((k) => k.id)).not.toContain(ofA.id);
    expect((await call(ADMIN_B, '/api/v1/api-keys?site=site-a')).status).toBe(403);
    expect((await call(ADMIN_B, `/api/v1/api-keys/${ofA.id}:revoke`, { method: 'POST' })).status).toBe(404);
    const withKey = (path: string) => fetch(`${kerma.url}${path}`, { headers: { 'x-api-key': ofA.key } });
    for (const path of [`/api/v1/studies/${uidB}`, `/api/v1/studies/${uidB}/skin-dose`, `/api/v1/instances/${objectB}`])
      expect([path, (await withKey(path)).status]).toEqual([path, 404]);
    expect((await withKey('/api/v1/alerts?site=site-b')).status).toBe(403);
    const history = (await (await withKey(`/api/v1/patients/${PATIENT_ID}/dose-history`)).json()) as { studies: { studyInstanceUid: string }[] };
    expect(history.studies.map((st) => st.studyInstanceUid)).toEqual([uidA]);
  });

  it('the audit trail: auditors only, each seeing the records of their own sites', async () => {
    await kerma.bus.drain();
    expect((await call(VIEWER_A, '/api/v1/audit')).status).toBe(403);
    expect((await call(ADMIN_A, '/api/v1/audit')).status).toBe(403);
    expect((await call(AUDITOR_A, '/api/v1/audit?site=site-b')).status).toBe(403);
    const sitesIn = async (c: OidcClient) => new Set(((await json(c, '/api/v1/audit?limit=1000')).records as { site: string | null }[]).map((r) => r.site));
    expect(await sitesIn(AUDITOR_A)).toEqual(new Set(['site-a']));
    expect(await sitesIn(AUDITOR_B)).toEqual(new Set(['site-b']));
  });

  it('error bodies do not echo the patient id', async () => {
    const response = await call(VIEWER_B, `/api/v1/patients/NOBODY-${PATIENT_ID}/dose-history`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(PATIENT_ID);
  });
  // Last: the link makes one person of the two sites' identities (and so changes what the cumulative rules see).
  it("patient links: only a site administrator of both identities' sites links them; others neither see nor undo the link", async () => {
    const identities = [
      { site: 'site-a', issuer: 'KERMA-TEST', patientId: PATIENT_ID },
      { site: 'site-b', issuer: 'KERMA-TEST', patientId: PATIENT_ID },
    ];
    const post = (c: OidcClient, path: string, body: unknown) =>
      call(c, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const link = { identities, reason: 'same person at both sites' };
    expect((await post(ADMIN_A, '/api/v1/patient-links', link)).status).toBe(403);
    expect((await post(ADMIN_B, '/api/v1/patient-links', link)).status).toBe(403);
    expect((await post(GROUP, '/api/v1/patient-links', link)).status).toBe(403);
    expect((await post(VIEWER_A, '/api/v1/patient-links', link)).status).toBe(403);
    expect((await post(ADMIN_AB, '/api/v1/patient-links', { ...link, by: 'someone-else' })).status).toBe(400);
    const created = await post(ADMIN_AB, '/api/v1/patient-links', link);
    expect(created.status).toBe(201);
    const { id, linked } = (await created.json()) as { id: string; linked: { by: string } };
    expect(linked.by).toBe('admin-ab');

    expect((await json(VIEWER_A, '/api/v1/patient-links')).links).toEqual([]);
    expect((await call(VIEWER_A, `/api/v1/patient-links/${id}`)).status).toBe(404);
    expect(((await json(GROUP, '/api/v1/patient-links')).links as { id: string }[]).map((l) => l.id)).toEqual([id]);
    expect((await post(ADMIN_A, `/api/v1/patient-links/${id}:unlink`, { reason: 'no' })).status).toBe(404);
    // The linked identity of site B stays out of site A's figures.
    const studiesIn = async (c: OidcClient, path: string) =>
      ((await json(c, path)).studies as { studyInstanceUid: string }[]).map((s) => s.studyInstanceUid).sort();
    expect(await studiesIn(VIEWER_A, `/api/v1/patients/${PATIENT_ID}/dose-history`)).toEqual([uidA]);
    expect(await studiesIn(ADMIN_AB, `/api/v1/patients/${PATIENT_ID}/dose-history`)).toEqual([uidA, uidB].sort());
    const undone = await post(ADMIN_AB, `/api/v1/patient-links/${id}:unlink`, { reason: 'test over' });
    expect(undone.status).toBe(200);
    expect(((await undone.json()) as { unlinked: { by: string } }).unlinked.by).toBe('admin-ab');
  });
});
