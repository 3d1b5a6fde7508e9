import { RdsrReceivedV1 } from '@kerma/contracts';
import { generateRdsr, procedureSpec } from '@kerma/testing';
import { ArchiveStore } from '../src/archive/archive-store';
import { OutboxRelay } from '../src/outbox/outbox-relay';
import { startIngestApp, type IngestTestApp } from './ingest-app';

async function stow(url: string, bytes: Uint8Array, site = 'cath-lab-2'): Promise<{ status: number; json: any }> {
  const response = await fetch(`${url}/dicomweb/studies?site=${site}`, {
    method: 'POST',
    headers: { 'content-type': 'application/dicom' },
    body: Buffer.from(bytes),
  });
  return { status: response.status, json: await response.json() };
}

async function api(url: string, path: string, init?: { method: string; body: unknown }): Promise<{ status: number; body: any }> {
  const response = await fetch(
    `${url}${path}`,
    init ? { method: init.method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) } : undefined,
  );
  return { status: response.status, body: await response.json() };
}

const failedItem = (json: any) => json['00081198'].Value[0] as Record<string, { Value: unknown[] }>;

describe('a different object reusing a stored SOP Instance UID', () => {
  let ingest: IngestTestApp;
  const announced: RdsrReceivedV1[] = [];
  beforeAll(async () => {
    ingest = await startIngestApp();
    ingest.bus.subscribe(RdsrReceivedV1.topic, async (m) => void announced.push(JSON.parse(m.value) as RdsrReceivedV1));
  });
  afterAll(() => ingest.close());
  const settle = async () => {
    await ingest.app.get(OutboxRelay).idle();
    await ingest.bus.drain();
  };

  it('is answered 409 with Failure Reason 0111H, kept in quarantine and shown in the API; the original stays; an identical re-send stays a plain duplicate', async () => {
    const original = generateRdsr(procedureSpec({ seed: 8501, events: 2 }));
    const conflicting = generateRdsr(procedureSpec({ seed: 8501, events: 3 }));
    expect((await stow(ingest.url, original)).status).toBe(200);
    await settle();
    const announcedBefore = announced.length;

    const refused = await stow(ingest.url, conflicting);
    expect(refused.status).toBe(409);
    const item = failedItem(refused.json);
    expect(item['00081197'].Value).toEqual([0x0111]);
    expect(item['00091001'].Value).toEqual(['conflicting-duplicate']);
    const quarantineUrl = item['00091003'].Value[0] as string;
    const id = quarantineUrl.split('/').at(-1)!;

    const { body: record } = await api(ingest.url, `/api/v1/quarantine/${id}`);
    expect(record).toMatchObject({
      id,
      status: 'pending',
      sha256: ArchiveStore.sha256(conflicting),
      originalSha256: ArchiveStore.sha256(original),
      site: 'cath-lab-2',
      source: 'stow',
      resolvedAt: null,
      resolvedBy: null,
    });
    expect(Date.parse(record.receivedAt)).not.toBeNaN();
    const kept = Buffer.from(await (await fetch(`${ingest.url}/api/v1/quarantine/${id}/file`)).arrayBuffer());
    expect(kept.equals(Buffer.from(conflicting))).toBe(true);
    expect((await api(ingest.url, '/api/v1/quarantine?status=pending')).body.quarantined.map((q: { id: string }) => q.id)).toContain(id);

    // The same conflicting object again finds the same record; the original again is a duplicate.
    expect(failedItem((await stow(ingest.url, conflicting)).json)['00091003'].Value).toEqual([quarantineUrl]);
    const again = await stow(ingest.url, original);
    expect(again.status).toBe(200);
    expect(again.json['00081199'].Value[0]['00091001'].Value).toEqual(['duplicate']);
    await settle();
    expect(announced.length).toBe(announcedBefore);
    const stored = Buffer.from(await (await fetch(again.json['00081199'].Value[0]['00081190'].Value[0])).arrayBuffer());
    expect(stored.equals(Buffer.from(original))).toBe(true);
  });

  it('is resolved once by keeping the original, recording who and when', async () => {
    expect((await stow(ingest.url, generateRdsr(procedureSpec({ seed: 8502, events: 2 })))).status).toBe(200);
    const id = (failedItem((await stow(ingest.url, generateRdsr(procedureSpec({ seed: 8502, events: 4 })))).json)['00091003'].Value[0] as string)
      .split('/')
      .at(-1)!;

    const resolved = await api(ingest.url, `/api/v1/quarantine/${id}:resolve`, { method: 'POST', body: { action: 'keep-original', by: 'physicist on duty' } });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'kept-original', resolvedBy: 'physicist on duty' });
    expect(Date.parse(resolved.body.resolvedAt)).not.toBeNaN();

    const twice = await api(ingest.url, `/api/v1/quarantine/${id}:resolve`, { method: 'POST', body: { action: 'replace-with-quarantined' } });
    expect(twice.status).toBe(409);
    expect(twice.body.message).toMatch(/already resolved \(kept-original/);
    expect((await api(ingest.url, `/api/v1/quarantine/${id}:resolve`, { method: 'POST', body: { action: 'delete' } })).status).toBe(400);
  });

  it('is resolved by replacing the stored object with it: the stored bytes change and it is announced again as a reprocess', async () => {
    const replacement = generateRdsr(procedureSpec({ seed: 8503, events: 5 }));
    const first = await stow(ingest.url, generateRdsr(procedureSpec({ seed: 8503, events: 2 })));
    const retrieveUrl = first.json['00081199'].Value[0]['00081190'].Value[0] as string;
    const id = (failedItem((await stow(ingest.url, replacement)).json)['00091003'].Value[0] as string).split('/').at(-1)!;
    await settle();
    const before = announced.length;

    const resolved = await api(ingest.url, `/api/v1/quarantine/${id}:resolve`, { method: 'POST', body: { action: 'replace-with-quarantined' } });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'replaced', resolvedBy: null });
    await settle();

    expect(Buffer.from(await (await fetch(retrieveUrl)).arrayBuffer()).equals(Buffer.from(replacement))).toBe(true);
    const reannounced = announced.slice(before);
    expect(reannounced).toEqual([expect.objectContaining({ sha256: ArchiveStore.sha256(replacement), retrieveUrl, reprocess: true })]);
    // The replacement re-sent is now a plain duplicate.
    expect((await stow(ingest.url, replacement)).status).toBe(200);
  });
});
