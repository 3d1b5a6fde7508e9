import { getRepositoryToken } from '@nestjs/typeorm';
import { IsNull, Not, type Repository } from 'typeorm';
import { RdsrReceivedV1 } from '@kerma/contracts';
import { generateRdsr, procedureSpec } from '@kerma/testing';
import { gunzipSync } from 'node:zlib';
import { ArchiveStore } from '../src/archive/archive-store';
import { OutboxRelay } from '../src/outbox/outbox-relay';
import { RdsrReceivedPublisher } from '../src/outbox/rdsr-received.publisher';
import { StoredObject } from '../src/persistence/stored-object.entity';
import { INGEST_OPTIONS, type IngestOptions } from '../src/ingest-options';
import { startIngestApp, type IngestTestApp } from './ingest-app';

async function stowOne(url: string, seed: number, events = 2): Promise<number> {
  const response = await fetch(`${url}/dicomweb/studies`, {
    method: 'POST',
    headers: { 'content-type': 'application/dicom' },
    body: Buffer.from(generateRdsr(procedureSpec({ seed, events }))),
  });
  await response.arrayBuffer();
  return response.status;
}

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** How often each object was announced on kerma.rdsr.received.v1. */
function announcements(ingest: IngestTestApp): Map<string, number> {
  const counts = new Map<string, number>();
  ingest.bus.subscribe(RdsrReceivedV1.topic, async (m) => {
    const { objectId } = JSON.parse(m.value) as { objectId: string };
    counts.set(objectId, (counts.get(objectId) ?? 0) + 1);
  });
  return counts;
}

describe('outbox: the relay is the only publisher', () => {
  it('answers STOW while the broker is unavailable, and announces each object once the broker is back', async () => {
    const ingest = await startIngestApp({ outboxIntervalMs: 200 });
    try {
      const announced = announcements(ingest);
      ingest.publisher.down = true;
      const statuses = await Promise.all([8001, 8002, 8003].map((seed) => stowOne(ingest.url, seed)));
      expect(statuses).toEqual([200, 200, 200]);
      await until(() => ingest.publisher.attempts > 0, 'a publish attempt');
      // Answered while the broker was still down: nothing could have been announced.
      expect(announced.size).toBe(0);

      ingest.publisher.down = false;
      await until(() => announced.size === 3, 'three announcements');
      await new Promise((r) => setTimeout(r, 600)); // a few more relay intervals
      expect([...announced.values()]).toEqual([1, 1, 1]);
    } finally {
      await ingest.close();
    }
  }, 60_000);

  it('announces every object exactly once at concurrency 8, with a second relay (another replica) racing on the same database', async () => {
    const ingest = await startIngestApp({ outboxIntervalMs: 50 });
    try {
      const announced = announcements(ingest);
      ingest.publisher.latencyMs = 5;
      const options = ingest.app.get<IngestOptions>(INGEST_OPTIONS);
      const repository = ingest.app.get<Repository<StoredObject>>(getRepositoryToken(StoredObject, 'ingest'));
      const otherReplica = new OutboxRelay(new RdsrReceivedPublisher(repository, ingest.publisher, options, ingest.app.get(ArchiveStore)), options);
      const racing = setInterval(() => otherReplica.kick(), 3);

      const seeds = Array.from({ length: 48 }, (_, i) => 8100 + i);
      const statuses: number[] = [];
      await Promise.all(
        Array.from({ length: 8 }, async (_, worker) => {
          for (let i = worker; i < seeds.length; i += 8) statuses.push(await stowOne(ingest.url, seeds[i]));
        }),
      );
      expect(statuses.filter((s) => s === 200)).toHaveLength(48);
      await until(() => announced.size === 48, '48 announcements');
      clearInterval(racing);
      await otherReplica.idle();
      await ingest.app.get(OutboxRelay).idle();
      await ingest.bus.drain();
      expect([...announced.values()].every((n) => n === 1)).toBe(true);
      expect(await repository.countBy({ publishedAt: IsNull() })).toBe(0);
    } finally {
      await ingest.close();
    }
  }, 60_000);

  it('two claims started at the same moment on the one SQLite connection both succeed, with disjoint batches, and leave nothing claimed unreturned', async () => {
    const ingest = await startIngestApp();
    try {
      // Five objects waiting in the outbox: the broker refused them, so their claims were released.
      ingest.publisher.down = true;
      for (const seed of [8301, 8302, 8303, 8304, 8305]) expect(await stowOne(ingest.url, seed)).toBe(200);
      await ingest.app.get(OutboxRelay).idle();
      const repository = ingest.app.get<Repository<StoredObject>>(getRepositoryToken(StoredObject, 'ingest'));
      expect(await repository.countBy({ publishedAt: IsNull(), claimedUntil: IsNull() })).toBe(5);

      // Started in the same turn of the event loop, as a relay run and another replica's would be. Made as
      // two transactions on the shared connection, the second's BEGIN failed and its rollback ended the
      // first's transaction: the first claim committed on its own, then its commit threw.
      const options = ingest.app.get<IngestOptions>(INGEST_OPTIONS);
      const [one, other] = [
        ingest.app.get(RdsrReceivedPublisher),
        new RdsrReceivedPublisher(repository, ingest.publisher, options, ingest.app.get(ArchiveStore)),
      ];
      const claims = await Promise.allSettled([one.claimBatch(3), other.claimBatch(3)]);
      expect(claims.map((c) => c.status)).toEqual(['fulfilled', 'fulfilled']);
      const batches = claims.map((c) => (c as PromiseFulfilledResult<StoredObject[]>).value);
      expect(batches.map((b) => b.length).sort()).toEqual([2, 3]);
      const ids = batches.flat().map((o) => o.id);
      expect(new Set(ids).size).toBe(5);
      // Each batch oldest first, and every row claimed in the database is in one of the batches.
      for (const batch of batches) expect(batch.map((o) => o.receivedAt)).toEqual(batch.map((o) => o.receivedAt).sort());
      expect((await repository.findBy({ claimedUntil: Not(IsNull()) })).map((o) => o.id).sort()).toEqual([...ids].sort());
    } finally {
      await ingest.close();
    }
  }, 60_000);
});

describe('rdsr.received carries the original under the ceiling, the claim check above it', () => {
  /** Every announcement, as it travelled. */
  function received(ingest: IngestTestApp): RdsrReceivedV1[] {
    const events: RdsrReceivedV1[] = [];
    ingest.bus.subscribe(RdsrReceivedV1.topic, async (m) => {
      events.push(RdsrReceivedV1.parse(JSON.parse(m.value)));
    });
    return events;
  }

  it('carries the stored bytes, gzip and base64, byte for byte', async () => {
    const ingest = await startIngestApp({ outboxIntervalMs: 200 });
    try {
      const events = received(ingest);
      const bytes = Buffer.from(generateRdsr(procedureSpec({ seed: 8201, events: 12 })));
      const response = await fetch(`${ingest.url}/dicomweb/studies`, { method: 'POST', headers: { 'content-type': 'application/dicom' }, body: bytes });
      expect(response.status).toBe(200);
      await until(() => events.length === 1, 'the announcement');
      const [event] = events;
      expect(event.original?.encoding).toBe('gzip+base64');
      const carried = gunzipSync(Buffer.from(event.original!.data, 'base64'));
      expect(carried.equals(bytes)).toBe(true);
      expect(ArchiveStore.sha256(carried)).toBe(event.sha256);
      expect(Buffer.from(event.original!.data, 'base64').byteLength).toBeLessThan(bytes.byteLength);
      expect(event.retrieveUrl).toBe(`${ingest.url}/api/v1/instances/${event.objectId}/file`);
    } finally {
      await ingest.close();
    }
  }, 60_000);

  it('announces an object whose compressed form is over the ceiling by its retrieveUrl only', async () => {
    const ingest = await startIngestApp({ outboxIntervalMs: 200, maxEmbeddedOriginalBytes: 512 });
    try {
      const events = received(ingest);
      expect(await stowOne(ingest.url, 8202, 40)).toBe(200);
      await until(() => events.length === 1, 'the announcement');
      expect(events[0].original).toBeUndefined();
      const fetched = await fetch(events[0].retrieveUrl);
      expect(fetched.status).toBe(200);
      expect(ArchiveStore.sha256(new Uint8Array(await fetched.arrayBuffer()))).toBe(events[0].sha256);
    } finally {
      await ingest.close();
    }
  }, 60_000);
});
