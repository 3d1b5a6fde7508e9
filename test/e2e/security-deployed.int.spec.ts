import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTestDatabase,
  describeIntegration,
  findFreePort,
  generateRdsr,
  integrationKafkaBrokers,
  integrationPgAdminUrl,
  procedureSpec,
  type TestDatabase,
  eventually,
} from '@kerma/testing';
import { oidcClient, startOidcProvider, type RunningOidcProvider } from '../support/oidc-provider';
import { logTail, startServiceProcess, stopServiceProcess, waitUntilServing, type ServiceProcess } from '../support/service-processes';

/** The services with an HTTP API that keys are presented to (the parser has none). */
const SERVICES = ['ingest', 'skin-dose', 'history', 'notification'] as const;
type Service = (typeof SERVICES)[number];

const ADMIN = oidcClient('admin-deployed', ['site-admin'], ['site-d']);
const AUDITOR = oidcClient('auditor-deployed', ['auditor'], ['site-d']);

describeIntegration(['kafka', 'postgres'])(
  'deployed mode: an API key is checked by every service against its own copy, and its revocation reaches each',
  () => {
    const brokers = integrationKafkaBrokers();
    const processes = new Map<Service, ServiceProcess>();
    const databases: TestDatabase[] = [];
    let oidc: RunningOidcProvider;
    let workDir: string;
    const url = (service: Service) => processes.get(service)!.url;

    beforeAll(async () => {
      workDir = mkdtempSync(join(tmpdir(), 'kerma-security-deployed-'));
      oidc = await startOidcProvider(await findFreePort(), [ADMIN, AUDITOR]);
      for (const service of SERVICES) {
        const db = await createTestDatabase(integrationPgAdminUrl(), `kerma_sec_${service.replace('-', '_')}`);
        databases.push(db);
        const port = await findFreePort();
        const env: Record<string, string> = {
          KAFKA_BROKERS: brokers.join(','),
          KAFKA_PARTITIONS: '3',
          DATABASE_URL: db.url,
          PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
          KERMA_AUTH: 'oidc',
          KERMA_OIDC_ISSUER: oidc.issuer,
          KERMA_OIDC_AUDIENCE: oidc.audience,
          ...(service === 'ingest' ? { STORAGE_DIR: join(workDir, 'archive') } : {}),
        };
        processes.set(service, startServiceProcess(service, port, env, workDir));
      }
      await Promise.all([...processes.values()].map((p) => waitUntilServing(p, 240_000)));
    }, 300_000);

    afterAll(async () => {
      await Promise.all([...processes.values()].map(stopServiceProcess));
      for (const db of databases) await db.drop().catch(() => undefined);
      await oidc?.stop();
      rmSync(workDir, { recursive: true, force: true });
    }, 60_000);

    /** One request per service that a viewer key passes the guard of (200, or 404 for an unknown study). */
    const probes: Record<Service, string> = {
      ingest: '/api/v1/instances?studyInstanceUid=1.2.3',
      'skin-dose': '/api/v1/studies/1.2.3/skin-dose',
      history: '/api/v1/studies',
      notification: '/api/v1/alerts',
    };
    const statusWith = async (key: string, service: Service) => (await fetch(`${url(service)}${probes[service]}`, { headers: { 'x-api-key': key } })).status;

    it('a key created at history is accepted by every service once it has its copy, and refused by each after revocation', async () => {
      const admin = await oidc.token(ADMIN);
      try {
        const created = await fetch(`${url('history')}/api/v1/api-keys`, {
          method: 'POST',
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'deployed dashboard', site: 'site-d', role: 'viewer' }),
        });
        expect(created.status).toBe(201);
        const { id, key } = (await created.json()) as { id: string; key: string };
        for (const service of SERVICES)
          await eventually(async () => ((await statusWith(key, service)) !== 401 ? true : undefined), `${service} accepting the new key`, 60_000);
        for (const service of SERVICES) expect([service, await statusWith(key, service)]).toEqual([service, service === 'skin-dose' ? 404 : 200]);

        const integrator = (await (
          await fetch(`${url('history')}/api/v1/api-keys`, {
            method: 'POST',
            headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
            body: JSON.stringify({ name: 'modality', site: 'site-d', role: 'integrator' }),
          })
        ).json()) as { key: string };
        const stowed = await eventually(
          async () => {
            const response = await fetch(`${url('ingest')}/dicomweb/studies?site=site-d`, {
              method: 'POST',
              headers: { authorization: `Bearer ${integrator.key}`, 'content-type': 'application/dicom' },
              body: generateRdsr(procedureSpec({ seed: Date.now() % 1_000_000, events: 6 })),
            });
            return response.status === 401 ? undefined : response.status;
          },
          'ingest accepting the integrator key',
          60_000,
        );
        expect(stowed).toBe(200);

        const revoked = await fetch(`${url('history')}/api/v1/api-keys/${id}:revoke`, { method: 'POST', headers: { authorization: `Bearer ${admin}` } });
        expect(revoked.status).toBe(200);
        expect(await statusWith(key, 'history')).toBe(401); // the owner applies it before answering
        for (const service of SERVICES)
          await eventually(async () => ((await statusWith(key, service)) === 401 ? true : undefined), `${service} refusing the revoked key`, 60_000);

        // Reads at notification and ingest reach history's trail over kerma.audit.v1.
        const auditor = await oidc.token(AUDITOR);
        const records = await eventually(
          async () => {
            const response = await fetch(`${url('history')}/api/v1/audit?subject=api-key:${id}&limit=1000`, {
              headers: { authorization: `Bearer ${auditor}` },
            });
            const body = (await response.json()) as { records: { service: string; status: number; keyId: string }[] };
            const services = new Set(body.records.map((r) => r.service));
            return ['ingest', 'notification', 'history', 'skin-dose'].every((s) => services.has(s)) ? body.records : undefined;
          },
          'audit records of the key from every service',
          60_000,
        );
        expect(records.every((r) => r.keyId === id)).toBe(true);
      } catch (err) {
        for (const p of processes.values()) process.stderr.write(`--- ${p.name} ---\n${logTail(p)}\n`);
        throw err;
      }
    }, 300_000);
  },
);
