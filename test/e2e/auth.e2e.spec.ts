import { createHmac, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findFreePort, generateRdsr, procedureSpec } from '@kerma/testing';
import { kermaOidcOptions, startOidcProvider, type OidcClient, type RunningOidcProvider } from '../support/oidc-provider';
import { startTemporaryKerma, type TemporaryKerma } from '../support/temporary-kerma';
import { kermaCli } from '../support/kerma-cli';

const secret = () => randomBytes(16).toString('hex');
const VIEWER: OidcClient = { client_id: 'ward-viewer', client_secret: secret(), roles: ['viewer'], sites: ['cath-lab-1'] };
const MODALITY: OidcClient = { client_id: 'modality-gateway', client_secret: secret(), roles: ['integrator'], sites: ['*'] };
const PHYSICIST: OidcClient = { client_id: 'physicist', client_secret: secret(), roles: ['physicist'], sites: ['*'] };
const NO_ROLE: OidcClient = { client_id: 'no-role', client_secret: secret(), roles: [], sites: ['*'] };
const SHORT_LIVED: OidcClient = { client_id: 'short-lived', client_secret: secret(), roles: ['viewer'], sites: ['*'], ttlSeconds: 1 };
/** Kerma's own service account: the parser reads originals from ingest with it. */
const KERMA_SERVICE: OidcClient = { client_id: 'kerma-service', client_secret: secret(), roles: ['viewer'], sites: ['*'] };

const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

async function get(url: string, token?: string): Promise<Response> {
  return fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

function stowRequest(url: string, bytes: Uint8Array, token?: string): Promise<Response> {
  return fetch(`${url}/dicomweb/studies?site=cath-lab-1`, {
    method: 'POST',
    headers: { 'content-type': 'application/dicom', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: bytes,
  });
}

describe('OpenID Connect bearer tokens on every route (single process, real OIDC provider)', () => {
  let oidc: RunningOidcProvider;
  let kerma: TemporaryKerma;

  beforeAll(async () => {
    oidc = await startOidcProvider(await findFreePort(), [VIEWER, MODALITY, PHYSICIST, NO_ROLE, SHORT_LIVED, KERMA_SERVICE]);
    kerma = await startTemporaryKerma('auth', {
      defaultSite: 'cath-lab-1',
      ...kermaOidcOptions(oidc, KERMA_SERVICE),
      // Every object by claim check: the parser then reads originals over HTTP with the service token.
      maxEmbeddedOriginalBytes: 0,
    });
  });

  afterAll(async () => {
    await kerma?.stop();
    await oidc?.stop();
  });

  it('sends no framework banner and headers that keep patient data out of caches, frames and referrers; no CORS', async () => {
    const response = await fetch(`${kerma.url}/api/v1/alerts`, {
      headers: { authorization: `Bearer ${await oidc.token(VIEWER)}`, origin: 'https://elsewhere.example' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const refused = await get(`${kerma.url}/api/v1/alerts`);
    expect([refused.status, refused.headers.get('cache-control'), refused.headers.get('x-powered-by')]).toEqual([401, 'no-store', null]);
  });

  it('leaves the probes and the metrics open and serves no API documentation', async () => {
    expect((await get(`${kerma.url}/health`)).status).toBe(200);
    expect((await get(`${kerma.url}/health/ready`)).status).toBe(200);
    const metrics = await get(`${kerma.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('kerma_http_requests_total');
    expect((await get(`${kerma.url}/api/docs-json`)).status).toBe(404);
  });

  it('answers 401 with a Bearer challenge without a token, and 200 with a viewer token', async () => {
    const anonymous = await get(`${kerma.url}/api/v1/alerts`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_request"/);
    expect((await get(`${kerma.url}/api/v1/alerts`, await oidc.token(VIEWER))).status).toBe(200);
  });

  it('lets an integrator store but not read, and a viewer read but not store; the pipeline runs with the service token', async () => {
    const spec = procedureSpec({ seed: 4242, events: 4 });
    const report = generateRdsr(spec);
    const uid = spec.study.studyInstanceUid;
    expect((await stowRequest(kerma.url, report, await oidc.token(VIEWER))).status).toBe(403);
    const stored = await stowRequest(kerma.url, report, await oidc.token(MODALITY));
    expect(stored.status).toBe(200);
    const answer = (await stored.json()) as Record<string, { Value: Record<string, { Value: string[] }>[] }>;
    const retrieveUrl = answer['00081199'].Value[0]['00081190'].Value[0];
    expect((await get(`${kerma.url}/api/v1/alerts`, await oidc.token(MODALITY))).status).toBe(403);
    expect((await get(retrieveUrl)).status).toBe(401);
    expect((await get(retrieveUrl, await oidc.token(VIEWER))).status).toBe(200);

    await kerma.bus.drain();
    const study = (await (await get(`${kerma.url}/api/v1/studies/${uid}`, await oidc.token(VIEWER))).json()) as { status: Record<string, { state: string }> };
    expect(study.status.parsed.state).toBe('done');
    expect(study.status.skinDose.state).toBe('done');

    const recompute = `${kerma.url}/api/v1/studies/${uid}/skin-dose:recompute`;
    expect((await fetch(recompute, { method: 'POST', headers: { authorization: `Bearer ${await oidc.token(VIEWER)}` } })).status).toBe(403);
    expect((await fetch(recompute, { method: 'POST', headers: { authorization: `Bearer ${await oidc.token(PHYSICIST)}` } })).status).toBe(200);
  });

  it('`kerma import` and `kerma reprocess` send the token given by --token or KERMA_TOKEN', async () => {
    const spec = procedureSpec({ seed: 4343, events: 3 });
    const file = join(kerma.dir, 'import-me.dcm');
    writeFileSync(file, generateRdsr(spec));
    const refused = await kermaCli(['import', file, '--url', kerma.url, '--site', 'cath-lab-1', '--no-journal'], { ...process.env, KERMA_TOKEN: '' });
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).toMatch(/401|bearer token is required/);
    const imported = await kermaCli(['import', file, '--url', kerma.url, '--site', 'cath-lab-1', '--no-journal', '--token', await oidc.token(MODALITY)]);
    expect(imported.code).toBe(0);
    await kerma.bus.drain();
    const reprocessed = await kermaCli(['reprocess', '--study', spec.study.studyInstanceUid, '--url', kerma.url], {
      ...process.env,
      KERMA_TOKEN: await oidc.token(PHYSICIST),
    });
    expect([reprocessed.code, reprocessed.stderr]).toEqual([0, '']);
    expect(reprocessed.stdout).toContain('queued for reprocessing');
  });

  it("refuses a valid token that carries none of the route's roles", async () => {
    expect((await get(`${kerma.url}/api/v1/alerts`, await oidc.token(NO_ROLE))).status).toBe(403);
  });

  it('refuses an expired token', async () => {
    const token = await oidc.token(SHORT_LIVED);
    await new Promise((r) => setTimeout(r, 2_100));
    const response = await get(`${kerma.url}/api/v1/alerts`, token);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { message: string }).message).toBe('token expired');
  });

  it('refuses forged tokens: alg none, HS256 keyed with the public key, a tampered payload', async () => {
    const real = await oidc.token(VIEWER);
    const [header, payload, signature] = real.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const algNone = `${b64url({ alg: 'none', typ: 'at+jwt' })}.${payload}.`;
    const jwks = (await (await fetch(`${oidc.issuer}/jwks`)).json()) as { keys: object[] };
    const hsHeader = b64url({ alg: 'HS256', typ: 'at+jwt', kid: JSON.parse(Buffer.from(header, 'base64url').toString()).kid });
    const hsSigned = `${hsHeader}.${payload}`;
    const confused = `${hsSigned}.${createHmac('sha256', JSON.stringify(jwks.keys[0])).update(hsSigned).digest('base64url')}`;
    const tampered = `${header}.${b64url({ ...claims, kerma_sites: ['*'], kerma_roles: ['site-admin'] })}.${signature}`;
    for (const forged of [algNone, confused, tampered]) {
      expect((await get(`${kerma.url}/api/v1/alerts`, forged)).status).toBe(401);
    }
  });

  it('follows a key rotation of the provider: tokens signed with the new key are accepted', async () => {
    expect((await get(`${kerma.url}/api/v1/alerts`, await oidc.token(VIEWER))).status).toBe(200);
    await oidc.rotateKey();
    // The verifier refetches the key set for an unknown key id at most every 5 s.
    await new Promise((r) => setTimeout(r, 5_100));
    expect((await get(`${kerma.url}/api/v1/alerts`, await oidc.token(VIEWER))).status).toBe(200);
  });
});
