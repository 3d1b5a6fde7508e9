import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiKeyUsedV1, type ApiKeyV1 } from '@kerma/contracts';
import { InProcessBus, InProcessEventPublisher } from '@kerma/messaging';
import { ApiKeyRecord } from './api-key.entity';
import { newApiKey } from './api-key-secret';
import { ApiKeyStore } from './api-key-store';

describe("ApiKeyStore (a service's copy of the API keys, SQLite)", () => {
  let db: DataSource;
  let bus: InProcessBus;
  let store: ApiKeyStore;
  const used: string[] = [];

  beforeEach(async () => {
    db = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [ApiKeyRecord], synchronize: true });
    await db.initialize();
    bus = new InProcessBus();
    used.length = 0;
    bus.subscribe(ApiKeyUsedV1.topic, async (message) => void used.push(ApiKeyUsedV1.parse(JSON.parse(message.value)).keyId), 'test');
    store = new ApiKeyStore(db.getRepository(ApiKeyRecord), new InProcessEventPublisher(bus), 'test-service');
  });

  afterEach(async () => {
    await db.destroy();
  });

  const version = (fresh: ReturnType<typeof newApiKey>, v: number, revoked: boolean): ApiKeyV1 => ({
    eventId: randomUUID(),
    occurredAt: '2026-12-01T10:00:00.000Z',
    keyId: fresh.keyId,
    version: v,
    name: 'room 2',
    site: 'site-a',
    role: 'integrator',
    secretSha256: fresh.secretSha256,
    createdAt: '2026-12-01T10:00:00.000Z',
    createdBy: 'admin-a',
    revokedAt: revoked ? '2026-12-01T11:00:00.000Z' : null,
    revokedBy: revoked ? 'admin-a' : null,
  });

  it('turns a valid key into a principal of one site and one role, and reports its use at most once a minute', async () => {
    const fresh = newApiKey();
    await store.apply(version(fresh, 1, false));
    expect(await store.verify(fresh.key)).toEqual({
      subject: `api-key:${fresh.keyId}`,
      roles: ['integrator'],
      sites: ['site-a'],
      via: 'api-key',
      keyId: fresh.keyId,
    });
    await store.verify(fresh.key);
    await bus.drain();
    expect(used).toEqual([fresh.keyId]);
  });

  it('keeps the highest version: a replayed creation does not bring a revoked key back', async () => {
    const fresh = newApiKey();
    await store.apply(version(fresh, 1, false));
    await store.apply(version(fresh, 2, true));
    await store.apply(version(fresh, 1, false));
    await expect(store.verify(fresh.key)).rejects.toThrow('API key unknown or revoked');
  });

  it('refuses unknown keys and wrong secrets with the same message', async () => {
    const fresh = newApiKey();
    await store.apply(version(fresh, 1, false));
    await expect(store.verify(newApiKey().key)).rejects.toThrow('API key unknown or revoked');
    await expect(store.verify(`kerma_${fresh.keyId}_${newApiKey().key.split('_').slice(2).join('_')}`)).rejects.toThrow('API key unknown or revoked');
    await expect(store.verify('kerma_garbage')).rejects.toThrow('API key unknown or revoked');
  });

  it('keeps the latest reported use', async () => {
    const fresh = newApiKey();
    await store.apply(version(fresh, 1, false));
    await store.noteUsed(fresh.keyId, '2026-12-01T12:00:00.000Z');
    await store.noteUsed(fresh.keyId, '2026-12-01T11:00:00.000Z');
    expect((await db.getRepository(ApiKeyRecord).findOneBy({ keyId: fresh.keyId }))!.lastUsedAt).toBe('2026-12-01T12:00:00.000Z');
    await store.apply(version(fresh, 2, true));
    expect((await db.getRepository(ApiKeyRecord).findOneBy({ keyId: fresh.keyId }))!.lastUsedAt).toBe('2026-12-01T12:00:00.000Z');
  });
});
