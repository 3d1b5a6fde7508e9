import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { startSingleProcessApp, type SingleProcessApp } from '@kerma/all-in-one';
import { FhirPush, FhirPushOutbox, type FhirPushOptions } from '@kerma/history';
import { buildCtDoseReportSpec, findFreePort, generateCtDoseReport, generateRdsr, procedureSpec, stow, storedCount } from '@kerma/testing';
import { FhirServerProcess } from '../support/fhir-server';

type Json = Record<string, any>;

/**
 * Kerma pushes each study's Radiation Dose Summary to a real FHIR R4 server (HAPI FHIR's plain server on Jetty,
 * validating every request with the R4 core definitions: deploy/local/fhir-server). A push the server cannot take
 * yet stays in the journal across a restart; the resources read back from the server are Kerma's; pushing a study
 * again updates them instead of adding copies.
 */
describe('FHIR push to a FHIR server', () => {
  const TOKEN = 'kerma-int-fhir-push-token';
  let server: FhirServerProcess;
  let kerma: SingleProcessApp | undefined;
  let dataDir: string;
  const ct = buildCtDoseReportSpec({ seed: 81, acquisitions: 2 });
  const fluoroscopy = procedureSpec({ seed: 82, events: 8 });
  const uids = [ct.study.studyInstanceUid, fluoroscopy.study.studyInstanceUid];
  const timing = { attemptTimeoutMs: 120_000, initialBackoffMs: 200, maxBackoffMs: 1_000 };

  const start = async (push: FhirPushOptions) => {
    kerma = await startSingleProcessApp({ port: await findFreePort(), host: '127.0.0.1', dataDir, defaultSite: 'push', fhirPush: push });
    return kerma;
  };
  const journal = async (): Promise<FhirPush[]> =>
    (kerma as SingleProcessApp).app.get<DataSource>(getDataSourceToken('history'), { strict: false }).getRepository(FhirPush).find();
  const until = async <T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, ms = 180_000): Promise<T> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const exportedObservation = async (uid: string): Promise<Json> => {
    const bundle = (await (await fetch(`${(kerma as SingleProcessApp).url}/fhir/studies/${uid}/radiation-dose-summary`)).json()) as Json;
    return bundle.entry.find((e: Json) => e.resource.resourceType === 'Observation').resource;
  };
  const onServer = async (uid: string): Promise<Json> => {
    const sop = (await exportedObservation(uid)).identifier[0];
    const { status, body } = await server.get(`Observation?identifier=${encodeURIComponent(`${sop.system}|${sop.value}`)}`);
    expect(status).toBe(200);
    return body;
  };

  beforeAll(async () => {
    server = await FhirServerProcess.start(Number(process.env.KERMA_TEST_FHIR_SERVER_PORT || (await findFreePort())), TOKEN);
    dataDir = mkdtempSync(join(tmpdir(), 'kerma-int-fhir-push-'));
  }, 300_000);

  afterAll(async () => {
    await kerma?.app.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps a push the server cannot take yet across a restart, then delivers it', async () => {
    // Nothing listens on this port: every attempt fails and is journaled for a retry.
    const nowhere = `http://127.0.0.1:${await findFreePort()}/fhir`;
    await start({ url: nowhere, bearerToken: server.token, ...timing });
    const reports = [generateCtDoseReport(ct), generateRdsr(fluoroscopy)];
    expect(storedCount(await stow((kerma as SingleProcessApp).url, reports, 'push'))).toBe(2);
    await (kerma as SingleProcessApp).bus.drain();
    const failed = await until('pushes failing', journal, (rows) => rows.length === 2 && rows.every((r) => r.attempts >= 1));
    expect(failed.map((r) => r.status)).toEqual(['pending', 'pending']);
    expect(failed[0].lastError).toMatch(/ECONNREFUSED|fetch failed/);
    await (kerma as SingleProcessApp).app.close();

    await start({ url: server.baseUrl, bearerToken: server.token, ...timing });
    const pushed = await until('pushes delivered after the restart', journal, (rows) => rows.every((r) => r.status === 'pushed'));
    expect(pushed.map((r) => r.studyInstanceUid).sort()).toEqual([...uids].sort());
    const metrics = await (kerma as SingleProcessApp).metrics.registry.metrics();
    expect(metrics).toMatch(/kerma_fhir_push_attempts_total\{service="history",outcome="pushed"\} 2/);
    expect(metrics).toMatch(/kerma_fhir_pushes\{service="history",status="pushed"\} 2/);
  }, 600_000);

  it("the server holds Kerma's resources: the Observation, its Patient, ImagingStudy and Device", async () => {
    for (const uid of uids) {
      const found = await onServer(uid);
      expect(found.total).toBe(1);
      const stored = found.entry[0].resource as Json;
      const exported = await exportedObservation(uid);
      for (const element of ['meta', 'code', 'status', 'valueString', 'component', 'identifier', 'effectiveDateTime', 'performer'])
        expect([element, element === 'meta' ? stored.meta.profile : stored[element]]).toEqual([
          element,
          element === 'meta' ? exported.meta.profile : exported[element],
        ]);
      // References to the bundle's urn:uuid entries became the server's Type/id.
      expect(stored.subject.reference).toMatch(/^Patient\/[0-9a-f-]{36}$/);
      const patient = await server.get(stored.subject.reference);
      expect(patient.status).toBe(200);
      expect(patient.body.identifier[0].value).toBe(uid === ct.study.studyInstanceUid ? ct.patient.id : fluoroscopy.patient.id);
      const study = await server.get(stored.partOf[0].reference);
      expect(study.body.identifier[0].value).toBe(`urn:oid:${uid}`);
      expect(stored.focus[0].reference).toBe(stored.partOf[0].reference);
      const device = await server.get(stored.device.reference);
      expect(device.body.resourceType).toBe('Device');
    }
  });

  it('pushing a study again updates its resources instead of adding copies', async () => {
    const before = (await onServer(ct.study.studyInstanceUid)).entry[0].resource as Json;
    await (kerma as SingleProcessApp).app.get(FhirPushOutbox, { strict: false }).enqueue(ct.study.studyInstanceUid, 'push');
    const after = await until(
      'the second version',
      async () => (await onServer(ct.study.studyInstanceUid)) as Json,
      (found) => found.entry?.[0]?.resource.meta.versionId !== before.meta.versionId,
    );
    expect(after.total).toBe(1);
    expect(after.entry[0].resource.id).toBe(before.id);
    expect(Number(after.entry[0].resource.meta.versionId)).toBe(Number(before.meta.versionId) + 1);
    const patient = (await server.get(after.entry[0].resource.subject.reference)).body;
    const patients = await server.get(`Patient?identifier=${encodeURIComponent(`${patient.identifier[0].system ?? ''}|${patient.identifier[0].value}`)}`);
    expect(patients.body.total).toBe(1);
  });

  it('a change while its push is in flight is pushed after it, not lost', async () => {
    const uid = fluoroscopy.study.studyInstanceUid;
    const version = async () => Number(((await onServer(uid)) as Json).entry[0].resource.meta.versionId);
    const before = await version();
    const row = async () => (await journal()).find((r) => r.studyInstanceUid === uid) as FhirPush;
    const outbox = (kerma as SingleProcessApp).app.get(FhirPushOutbox, { strict: false });
    await outbox.enqueue(uid, 'push');
    const inFlight = await until('the push in flight', row, (r) => r.leasedUntil !== null, 60_000);
    await outbox.enqueue(uid, 'push');
    const settled = await until('both changes pushed', row, (r) => r.status === 'pushed' && r.leasedUntil === null && r.generation === inFlight.generation + 1);
    expect(settled.lastError).toBeNull();
    expect(await version()).toBe(before + 2);
  });

  it('the server validates what it receives, and asks for the token', async () => {
    if (process.env.KERMA_TEST_FHIR_SERVER_URL) return; // an existing server's rules are its own
    const headers = { 'content-type': 'application/fhir+json', authorization: `Bearer ${TOKEN}` };
    const broken = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:0b6f0c2e-53f4-4c4c-8c58-0d1f4a1e7a01',
          resource: { resourceType: 'Observation', code: { text: 'no status' } },
          request: { method: 'PUT', url: 'Observation/x1' },
        },
      ],
    };
    const refused = await fetch(server.baseUrl, { method: 'POST', headers, body: JSON.stringify(broken) });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(await refused.json())).toContain('Observation.status');
    expect((await fetch(`${server.baseUrl}/Observation`)).status).toBe(401);
  });
});
