import { randomBytes } from 'node:crypto';
import { findFreePort, generateRdsr, procedureSpec } from '@kerma/testing';
import { oidcClient, kermaOidcOptions, startOidcProvider, type OidcClient, type RunningOidcProvider } from '../support/oidc-provider';
import { startTemporaryKerma, type TemporaryKerma } from '../support/temporary-kerma';
import type { AuditPage } from '../support/audit';
import { kermaCli } from '../support/kerma-cli';

const ADMIN_A = oidcClient('admin-a', ['site-admin'], ['site-a']);
const ADMIN_B = oidcClient('admin-b', ['site-admin'], ['site-b']);
const VIEWER_A = oidcClient('viewer-a', ['viewer'], ['site-a']);
const AUDITOR_A = oidcClient('auditor-a', ['auditor'], ['site-a']);
const AUDITOR_B = oidcClient('auditor-b', ['auditor'], ['site-b']);
const GROUP = oidcClient('group-integrator', ['integrator', 'viewer'], ['*']);
const SERVICE = oidcClient('kerma-service', ['viewer'], ['*']);

const PATIENT_ID = `SEC-${randomBytes(4).toString('hex')}`;
const studyAt = (seed: number) => procedureSpec({ seed, events: 12, patient: { id: PATIENT_ID } });

interface ApiKeyView {
  id: string;
  site: string;
  role: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  key?: string;
}

describe('API keys, audit trail (single process, real OIDC provider)', () => {
  let oidc: RunningOidcProvider;
  let kerma: TemporaryKerma;
  const tokens = new Map<string, string>();
  const specA = studyAt(9101);
  const specB = studyAt(9102);
  const uidA = specA.study.studyInstanceUid;
  const uidB = specB.study.studyInstanceUid;
  let patientKeyA = '';
  let integratorKey: ApiKeyView;
  let viewerKey: ApiKeyView;

  const token = async (c: OidcClient) => {
    if (!tokens.has(c.client_id)) tokens.set(c.client_id, await oidc.token(c));
    return tokens.get(c.client_id)!;
  };
  const call = async (c: OidcClient, path: string, init: RequestInit = {}) =>
    fetch(`${kerma.url}${path}`, { ...init, headers: { ...(init.headers ?? {}), authorization: `Bearer ${await token(c)}` } });
  const withKey = (key: string, path: string, init: RequestInit = {}, header: 'bearer' | 'x-api-key' = 'bearer') =>
    fetch(`${kerma.url}${path}`, {
      ...init,
      headers: { ...(init.headers ?? {}), ...(header === 'bearer' ? { authorization: `Bearer ${key}` } : { 'x-api-key': key }) },
    });
  const post = (c: OidcClient, path: string, body?: unknown) =>
    call(c, path, { method: 'POST', ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
  const stowWithKey = (key: string, site: string, bytes: Uint8Array, header: 'bearer' | 'x-api-key' = 'bearer') =>
    withKey(key, `/dicomweb/studies?site=${site}`, { method: 'POST', headers: { 'content-type': 'application/dicom' }, body: bytes }, header);
  const auditOf = async (c: OidcClient, query: string) => {
    const response = await call(c, `/api/v1/audit?${query}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as AuditPage).records;
  };

  beforeAll(async () => {
    oidc = await startOidcProvider(await findFreePort(), [ADMIN_A, ADMIN_B, VIEWER_A, AUDITOR_A, AUDITOR_B, GROUP, SERVICE]);
    kerma = await startTemporaryKerma('security', {
      defaultSite: 'site-a',
      ...kermaOidcOptions(oidc, SERVICE),
      limits: { ratePerMinute: 0, rateBurst: 0, maxJsonBodyBytes: 1024 * 1024 },
    });
    expect(
      (await call(GROUP, '/dicomweb/studies?site=site-b', { method: 'POST', headers: { 'content-type': 'application/dicom' }, body: generateRdsr(specB) }))
        .status,
    ).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await kerma?.stop();
    await oidc?.stop();
  });

  it('a site administrator creates keys for their own site only, one role each (never site-admin); the secret is shown once', async () => {
    const created = await post(ADMIN_A, '/api/v1/api-keys', { name: 'angio room 2', site: 'site-a', role: 'integrator' });
    expect(created.status).toBe(201);
    integratorKey = (await created.json()) as ApiKeyView;
    expect(integratorKey).toEqual(expect.objectContaining({ site: 'site-a', role: 'integrator', revokedAt: null, lastUsedAt: null }));
    expect(integratorKey.key).toMatch(new RegExp(`^kerma_${integratorKey.id}_[A-Za-z0-9_-]{43}$`));
    viewerKey = (await (await post(ADMIN_A, '/api/v1/api-keys', { name: 'ward dashboard', site: 'site-a', role: 'viewer' })).json()) as ApiKeyView;

    expect((await post(ADMIN_A, '/api/v1/api-keys', { name: 'x', site: 'site-b', role: 'viewer' })).status).toBe(403);
    expect((await post(VIEWER_A, '/api/v1/api-keys', { name: 'x', site: 'site-a', role: 'viewer' })).status).toBe(403);
    const asAdmin = await post(ADMIN_A, '/api/v1/api-keys', { name: 'x', site: 'site-a', role: 'site-admin' });
    expect(asAdmin.status).toBe(400);
    expect(((await asAdmin.json()) as { message: string }).message).toMatch(/role/);

    const listed = await call(ADMIN_A, '/api/v1/api-keys');
    const text = await listed.text();
    expect(listed.status).toBe(200);
    expect(text).not.toContain(integratorKey.key!.split('_').at(-1)!.slice(0, 20));
    expect(text).not.toMatch(/secret|"key"/i);
    expect((JSON.parse(text) as { apiKeys: ApiKeyView[] }).apiKeys.map((k) => k.id).sort()).toEqual([integratorKey.id, viewerKey.id].sort());
    expect(((await (await call(ADMIN_B, '/api/v1/api-keys')).json()) as { apiKeys: ApiKeyView[] }).apiKeys).toEqual([]);
    expect((await call(ADMIN_A, '/api/v1/api-keys?site=site-b')).status).toBe(403);
  });

  it('an integrator key stores objects for its site (Authorization: Bearer or X-API-Key) and reads no patient data', async () => {
    expect((await stowWithKey(integratorKey.key!, 'site-a', generateRdsr(specA))).status).toBe(200);
    expect((await stowWithKey(integratorKey.key!, 'site-a', generateRdsr(studyAt(9103)), 'x-api-key')).status).toBe(200);
    expect((await stowWithKey(integratorKey.key!, 'site-b', generateRdsr(studyAt(9104)))).status).toBe(403);
    await kerma.bus.drain();
    for (const path of [
      `/api/v1/studies/${uidA}`,
      `/api/v1/patients/${PATIENT_ID}/dose-history`,
      '/api/v1/alerts',
      `/api/v1/studies/${uidA}/skin-dose`,
      '/api/v1/studies',
    ]) {
      expect([path, (await withKey(integratorKey.key!, path)).status]).toEqual([path, 403]);
    }
    const instances = (await (await call(GROUP, `/api/v1/instances?studyInstanceUid=${uidA}`)).json()) as { instances: { patientKey: string }[] };
    patientKeyA = instances.instances[0].patientKey;
  });

  it("a viewer key reads its site's patient data, nothing of site B, and cannot store", async () => {
    expect((await withKey(viewerKey.key!, `/api/v1/studies/${uidA}`)).status).toBe(200);
    expect((await withKey(viewerKey.key!, `/api/v1/studies/${uidA}/skin-dose`, {}, 'x-api-key')).status).toBe(200);
    const history = (await (await withKey(viewerKey.key!, `/api/v1/patients/${PATIENT_ID}/dose-history`)).json()) as {
      studies: { studyInstanceUid: string }[];
    };
    expect(history.studies.map((s) => s.studyInstanceUid)).not.toContain(uidB);
    expect(history.studies.map((s) => s.studyInstanceUid)).toContain(uidA);
    expect((await withKey(viewerKey.key!, `/api/v1/studies/${uidB}`)).status).toBe(404);
    expect((await withKey(viewerKey.key!, `/api/v1/studies/${uidB}/skin-dose`)).status).toBe(404);
    expect((await withKey(viewerKey.key!, '/api/v1/studies?site=site-b')).status).toBe(403);
    expect((await stowWithKey(viewerKey.key!, 'site-a', generateRdsr(studyAt(9105)))).status).toBe(403);
  });

  it('refuses a wrong secret, a malformed key and an unknown key alike (401 with a Bearer challenge)', async () => {
    const wrongSecret = `kerma_${viewerKey.id}_${randomBytes(32).toString('base64url')}`;
    for (const key of [wrongSecret, 'kerma_nonsense', `kerma_${'a'.repeat(16)}_${randomBytes(32).toString('base64url')}`]) {
      const response = await withKey(key, `/api/v1/studies/${uidA}`);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/invalid_token/);
    }
  });

  it('shows when a key was last used, as reported by the services that accepted it', async () => {
    await kerma.bus.drain();
    const keys = ((await (await call(ADMIN_A, '/api/v1/api-keys')).json()) as { apiKeys: ApiKeyView[] }).apiKeys;
    for (const used of [integratorKey.id, viewerKey.id])
      expect(Date.parse(keys.find((k) => k.id === used)!.lastUsedAt ?? '')).toBeGreaterThan(Date.now() - 5 * 60_000);
  });

  it('a revoked key is refused on every route that accepted it, and by every service that keeps a copy', async () => {
    expect((await post(ADMIN_B, `/api/v1/api-keys/${viewerKey.id}:revoke`)).status).toBe(404);
    for (const key of [viewerKey, integratorKey]) {
      const revoked = await post(ADMIN_A, `/api/v1/api-keys/${key.id}:revoke`);
      expect(revoked.status).toBe(200);
      expect(((await revoked.json()) as ApiKeyView).revokedAt).not.toBeNull();
    }
    // Effective at once in the process that owns the keys…
    expect((await stowWithKey(integratorKey.key!, 'site-a', generateRdsr(studyAt(9106)))).status).toBe(401);
    expect((await stowWithKey(integratorKey.key!, 'site-a', generateRdsr(studyAt(9106)), 'x-api-key')).status).toBe(401);
    for (const path of [`/api/v1/studies/${uidA}`, `/api/v1/studies/${uidA}/skin-dose`, `/api/v1/patients/${PATIENT_ID}/dose-history`]) {
      expect([path, (await withKey(viewerKey.key!, path)).status]).toEqual([path, 401]);
    }
    // …and in each service's own copy once the revocation is delivered (what a deployed service checks).
    await kerma.bus.drain();
    expect(Object.keys(kerma.apiKeyStores).sort()).toEqual(['history', 'ingest', 'notification', 'skin-dose']);
    for (const store of Object.values(kerma.apiKeyStores)) {
      await expect(store.verify(viewerKey.key!)).rejects.toThrow(/unknown or revoked/);
      await expect(store.verify(integratorKey.key!)).rejects.toThrow(/unknown or revoked/);
    }
  });

  it('records a read of patient data with who, role, route, patient key, study, site, address and outcome', async () => {
    expect((await call(VIEWER_A, `/api/v1/patients/${PATIENT_ID}/dose-history`)).status).toBe(200);
    expect((await call(VIEWER_A, `/api/v1/studies/${uidB}`)).status).toBe(404);
    expect((await call(VIEWER_A, `/api/v1/studies/${uidA}/skin-dose`)).status).toBe(200);
    await kerma.bus.drain();
    const reads = await auditOf(AUDITOR_A, 'subject=viewer-a');
    const history = reads.find((r) => r.route === '/api/v1/patients/:patientId/dose-history')!;
    expect(history).toEqual(
      expect.objectContaining({
        service: 'history',
        via: 'oidc',
        keyId: null,
        roles: ['viewer'],
        action: 'read-patient',
        method: 'GET',
        site: 'site-a',
        patientKeys: [patientKeyA],
        status: 200,
      }),
    );
    expect(history.studyInstanceUids).toContain(uidA);
    expect(history.studyInstanceUids).not.toContain(uidB);
    expect(history.clientIp).toMatch(/127\.0\.0\.1/);
    // Published by skin-dose, kept by history: the trail covers every service.
    expect(reads.find((r) => r.route === '/api/v1/studies/:studyInstanceUid/skin-dose')).toEqual(
      expect.objectContaining({ service: 'skin-dose', action: 'read-study', studyInstanceUids: [uidA], site: 'site-a', status: 200 }),
    );
    // A refused read is recorded with its outcome.
    expect(reads.find((r) => r.route === '/api/v1/studies/:studyInstanceUid' && r.studyInstanceUids[0] === uidB)).toEqual(
      expect.objectContaining({ status: 404, site: 'site-a' }),
    );
    expect(JSON.stringify(reads)).not.toContain(PATIENT_ID);

    const byPatient = await auditOf(AUDITOR_A, `patientKey=${patientKeyA}&action=read-patient`);
    expect(byPatient.length).toBeGreaterThan(0);
    expect(byPatient.every((r) => r.patientKeys.includes(patientKeyA) && r.action === 'read-patient')).toBe(true);
    const byKey = await auditOf(AUDITOR_A, `subject=api-key:${viewerKey.id}`);
    expect(byKey.find((r) => r.route === '/api/v1/patients/:patientId/dose-history' && r.status === 200)).toEqual(
      expect.objectContaining({ via: 'api-key', keyId: viewerKey.id, roles: ['viewer'] }),
    );
  });

  it('records changes: API key creation and revocation, with the administrator and outcome', async () => {
    const changes = await auditOf(AUDITOR_A, 'action=change&subject=admin-a');
    expect(changes.filter((r) => r.route === '/api/v1/api-keys' && r.method === 'POST' && r.status === 201).length).toBe(2);
    // A refused attempt on site B concerns site B: its auditors see it, site A's do not.
    expect(changes.find((r) => r.status === 403)).toBeUndefined();
    expect((await auditOf(AUDITOR_B, 'action=change&subject=admin-a')).find((r) => r.route === '/api/v1/api-keys')).toEqual(
      expect.objectContaining({ site: 'site-b', status: 403 }),
    );
    expect(changes.filter((r) => r.route === '/api/v1/api-keys/:id\\:revoke' || r.route === '/api/v1/api-keys/:id:revoke').map((r) => r.status)).toEqual([
      200, 200,
    ]);
  });

  it('records each STOW-RS request as a change naming the stored studies and their patient keys, refused ones too', async () => {
    await kerma.bus.drain();
    const stows = (await auditOf(AUDITOR_A, `action=change&subject=api-key:${integratorKey.id}`)).filter((r) => r.route === '/dicomweb/studies');
    // Two accepted requests of site A (one with each header); one record per request, not per object.
    expect(stows.filter((r) => r.status === 200)).toHaveLength(2);
    const first = stows.find((r) => r.studyInstanceUids.includes(uidA))!;
    expect(first).toEqual(
      expect.objectContaining({
        service: 'ingest',
        via: 'api-key',
        roles: ['integrator'],
        method: 'POST',
        site: 'site-a',
        patientKeys: [patientKeyA],
        studyInstanceUids: [uidA],
        status: 200,
      }),
    );
    // The request refused for site B is site B's auditors' to see; the revoked key's attempts never reached a handler.
    expect(stows.some((r) => r.status !== 200)).toBe(false);
    expect((await auditOf(AUDITOR_B, `subject=api-key:${integratorKey.id}`)).filter((r) => r.route === '/dicomweb/studies')).toEqual([
      expect.objectContaining({ site: 'site-b', status: 403, patientKeys: [], studyInstanceUids: [] }),
    ]);
    // The group integrator's STOW of site B (OIDC) names its study for site B.
    expect((await auditOf(AUDITOR_B, 'action=change&subject=group-integrator')).find((r) => r.route === '/dicomweb/studies')).toEqual(
      expect.objectContaining({ site: 'site-b', studyInstanceUids: [uidB], status: 200 }),
    );
    expect(JSON.stringify(stows)).not.toContain(PATIENT_ID);
  });

  it('records webhook subscriber changes, delivery replays and reads of the delivery outbox', async () => {
    const created = await post(ADMIN_A, '/api/v1/webhooks', { site: 'site-a', url: 'https://site-a.example.org/hooks', eventTypes: ['dose-alert.open'] });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await post(ADMIN_A, `/api/v1/webhooks/${id}/rotate-secret`, { gracePeriodHours: 1 })).status).toBe(200);
    expect((await call(ADMIN_A, `/api/v1/webhooks/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await post(ADMIN_A, '/api/v1/webhooks', { site: 'site-b', url: 'https://site-b.example.org/hooks', eventTypes: ['dose-alert.open'] })).status).toBe(
      403,
    );
    expect((await call(ADMIN_A, '/api/v1/alert-deliveries')).status).toBe(200);
    expect((await post(ADMIN_A, '/api/v1/alert-deliveries/00000000-0000-4000-8000-000000000000/replay')).status).toBe(404);
    await kerma.bus.drain();

    const trail = await auditOf(AUDITOR_A, 'subject=admin-a&limit=1000');
    const ofRoute = (method: string, route: string) =>
      trail.filter((r) => r.method === method && r.route === route).map((r) => [r.service, r.action, r.site, r.status]);
    expect(ofRoute('POST', '/api/v1/webhooks')).toEqual([['notification', 'change', 'site-a', 201]]);
    expect(ofRoute('POST', '/api/v1/webhooks/:id/rotate-secret')).toEqual([['notification', 'change', 'site-a', 200]]);
    expect(ofRoute('DELETE', '/api/v1/webhooks/:id')).toEqual([['notification', 'change', 'site-a', 204]]);
    expect(ofRoute('GET', '/api/v1/alert-deliveries')).toEqual([['notification', 'read-alert', 'site-a', 200]]);
    expect(ofRoute('POST', '/api/v1/alert-deliveries/:id/replay')).toEqual([['notification', 'change', 'site-a', 404]]);
    // The refused registration for site B is on site B's trail.
    expect((await auditOf(AUDITOR_B, 'subject=admin-a')).filter((r) => r.route === '/api/v1/webhooks')).toEqual([
      expect.objectContaining({ service: 'notification', action: 'change', site: 'site-b', status: 403 }),
    ]);
  });

  it('serves the trail to auditors only, within their site scope, one page at a time', async () => {
    expect((await call(VIEWER_A, '/api/v1/audit')).status).toBe(403);
    expect((await call(ADMIN_A, '/api/v1/audit')).status).toBe(403);
    expect((await call(AUDITOR_A, '/api/v1/audit?site=site-b')).status).toBe(403);
    expect((await call(AUDITOR_A, '/api/v1/audit?patientKey=NOT-A-KEY')).status).toBe(400);
    expect((await call(AUDITOR_A, '/api/v1/audit?unknown=1')).status).toBe(400);
    const ofB = await auditOf(AUDITOR_B, 'limit=1000');
    expect(ofB.every((r) => r.site === 'site-b')).toBe(true);
    expect(ofB.some((r) => r.subject === 'viewer-a')).toBe(false);

    const first = (await (await call(AUDITOR_A, '/api/v1/audit?limit=2')).json()) as AuditPage;
    expect(first.records).toHaveLength(2);
    const second = (await (await call(AUDITOR_A, `/api/v1/audit?limit=2&cursor=${first.nextCursor}`)).json()) as AuditPage;
    expect(second.records.map((r) => r.id).some((id) => first.records.map((r) => r.id).includes(id))).toBe(false);
    const to = first.records[0].at;
    expect((await auditOf(AUDITOR_A, `to=${encodeURIComponent(to)}&limit=1000`)).every((r) => r.at < to)).toBe(true);
  });

  it('`kerma api-keys create|list|revoke` with a site administrator token', async () => {
    const env = { ...process.env, KERMA_TOKEN: await token(ADMIN_A) };
    const created = await kermaCli(['api-keys', 'create', '--url', kerma.url, '--site', 'site-a', '--role', 'viewer', '--name', 'cli dashboard'], env);
    expect(created.code).toBe(0);
    const key = created.stdout.split('\n')[0];
    const id = /^kerma_([a-z0-9]{16})_/.exec(key)?.[1];
    expect(id).toBeDefined();
    expect((await withKey(key, `/api/v1/studies/${uidA}`)).status).toBe(200);
    const listed = await kermaCli(['api-keys', 'list', '--url', kerma.url], env);
    expect(listed.stdout).toContain(`${id}  site-a  viewer  active`);
    const revoked = await kermaCli(['api-keys', 'revoke', '--url', kerma.url, '--id', id!], env);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain('revoked');
    expect((await withKey(key, `/api/v1/studies/${uidA}`)).status).toBe(401);
    const refused = await kermaCli(['api-keys', 'create', '--url', kerma.url, '--site', 'site-b', '--role', 'viewer', '--name', 'x'], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/403/);
  });
});
