import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type QueryResult, type Repository } from 'typeorm';
import { ContractViolationError, RdsrReceivedV1 } from '@kerma/contracts';
import { EventPublisher } from '@kerma/messaging';
import { ArchiveStore } from '../archive/archive-store';
import { INGEST_OPTIONS, MAX_EMBEDDED_ORIGINAL_BYTES_DEFAULT, type IngestOptions } from '../ingest-options';
import { StoredObject } from '../persistence/stored-object.entity';
import { embedOriginal, type EmbeddedOriginal } from './embed-original';

/**
 * How long a claim on an unannounced object lasts: longer than a producer can spend on one send
 * (kafkajs retries for about 30 s against a broker that is down), so a live claim is never taken over.
 */
const CLAIM_MS = 2 * 60 * 1000;

export type PublishOutcome = 'published' | 'broker-unavailable';

/** Compressed originals sent in one produce request at most: the batch stays far below the topic's message ceiling. */
const MAX_REQUEST_EMBEDDED_BYTES = 4 * 1024 * 1024;
/** Originals read and compressed at once (the thread pool has four threads by default). */
const EMBED_AT_ONCE = 8;

/**
 * Chooses the oldest claimable objects and claims them in one statement: no other claim can come between the
 * choice and the claim, and no transaction stays open across awaits. (On SQLite every caller shares the one
 * connection, and TypeORM's transactions on it are not isolated from one another: two claims made as
 * transactions there could interleave, and one failing rolled back the other's.) PostgreSQL skips the rows
 * another relay is claiming at this moment instead of waiting for them, and re-checks a row that a claim
 * committed meanwhile, so it is left out. SQLite runs one statement at a time.
 */
function claimSql(kind: IngestOptions['database']['kind']): string {
  return `UPDATE stored_object SET claimed_until = :until
    WHERE id IN (
      SELECT id FROM stored_object
      WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until < :now)
      ORDER BY received_at LIMIT :limit${kind === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : ''}
    )
    RETURNING id`;
}

/** Announces stored objects on `kerma.rdsr.received.v1`, and marks them once the broker acknowledged. */
@Injectable()
export class RdsrReceivedPublisher {
  private readonly log = new Logger(RdsrReceivedPublisher.name);

  constructor(
    @InjectRepository(StoredObject, 'ingest') private readonly objects: Repository<StoredObject>,
    private readonly events: EventPublisher,
    @Inject(INGEST_OPTIONS) private readonly options: IngestOptions,
    private readonly archive: ArchiveStore,
  ) {}

  /**
   * Claims up to `limit` unannounced objects, oldest first, that no one else holds a live claim on, so two
   * relays (two replicas, or a run and a kick) never announce an object both. Returns them oldest first.
   */
  async claimBatch(limit: number): Promise<StoredObject[]> {
    const now = new Date();
    const connection = this.objects.manager.connection;
    const [sql, parameters] = connection.driver.escapeQueryWithParameters(
      claimSql(this.options.database.kind),
      { now: now.toISOString(), until: new Date(now.getTime() + CLAIM_MS).toISOString(), limit },
      {},
    );
    const runner = connection.createQueryRunner();
    let claimed: { id: string }[];
    try {
      claimed = ((await runner.query(sql, parameters, true)) as QueryResult).records as { id: string }[];
    } finally {
      await runner.release();
    }
    if (claimed.length === 0) return [];
    return this.objects.find({ where: { id: In(claimed.map((c) => c.id)) }, order: { receivedAt: 'ASC' } });
  }

  /**
   * Announces claimed objects, several per produce request, and marks each published. Never throws: when
   * the broker does not take them, the claims of every object not announced are released for the next run.
   * Intake validates what the event carries, so an invalid event means a bug; it is logged, its claim
   * released, and it does not hold up the others.
   */
  async publishClaimed(objects: readonly StoredObject[]): Promise<PublishOutcome> {
    for (let start = 0; start < objects.length; ) {
      const events: { object: StoredObject; payload: RdsrReceivedV1 }[] = [];
      let embeddedBytes = 0;
      while (start < objects.length && (events.length === 0 || embeddedBytes < MAX_REQUEST_EMBEDDED_BYTES)) {
        // A few compressed at once: the compression runs on libuv's thread pool.
        const group = objects.slice(start, start + EMBED_AT_ONCE);
        start += group.length;
        const originals = await Promise.all(group.map((object) => this.original(object)));
        group.forEach((object, i) => {
          embeddedBytes += originals[i]?.data.length ?? 0;
          events.push({ object, payload: this.eventOf(object, originals[i]) });
        });
      }
      try {
        await this.publish(events);
      } catch (err) {
        await this.release(objects.slice(start - events.length));
        this.log.warn({
          msg: 'rdsr.received not published yet; kept in outbox',
          objects: objects.length - start + events.length,
          error: (err as Error).message,
        });
        return 'broker-unavailable';
      }
    }
    return 'published';
  }

  /**
   * One produce request; the events are validated as they are encoded, before anything is sent. When one is
   * invalid, each is checked alone: the invalid ones are set aside (logged, released), the others sent.
   */
  private async publish(events: readonly { object: StoredObject; payload: RdsrReceivedV1 }[]): Promise<void> {
    let valid = events;
    try {
      await this.send(valid);
    } catch (err) {
      if (!(err instanceof ContractViolationError)) throw err;
      valid = events.filter(({ object, payload }) => {
        const checked = RdsrReceivedV1.schema.safeParse(payload);
        if (!checked.success) this.log.error({ msg: 'stored object cannot be announced: event invalid', objectId: object.id, error: checked.error.message });
        return checked.success;
      });
      await this.release(events.filter((e) => !valid.includes(e)).map((e) => e.object));
      await this.send(valid);
    }
    // Only these announcements are marked: a reprocess asked for meanwhile (new eventId) stays pending.
    if (valid.length > 0) {
      await this.objects.update(
        { id: In(valid.map((e) => e.object.id)), eventId: In(valid.map((e) => e.object.eventId)) },
        { publishedAt: new Date().toISOString(), claimedUntil: null, reprocess: false },
      );
    }
  }

  private async send(events: readonly { object: StoredObject; payload: RdsrReceivedV1 }[]): Promise<void> {
    if (events.length === 0) return;
    await this.events.publishAll(
      RdsrReceivedV1,
      events.map(({ object, payload }) => ({ payload, trace: object.traceHeaders })),
    );
  }

  private eventOf(object: StoredObject, original: EmbeddedOriginal | null): RdsrReceivedV1 {
    return {
      eventId: object.eventId,
      occurredAt: new Date().toISOString(),
      objectId: object.id,
      site: object.site,
      sopClassUid: object.sopClassUid,
      sopInstanceUid: object.sopInstanceUid,
      studyInstanceUid: object.studyInstanceUid,
      patient: { id: object.patientId, issuer: object.patientIdIssuer, key: object.patientKey },
      sha256: object.sha256,
      sizeBytes: object.sizeBytes,
      source: object.source,
      receivedAt: object.receivedAt,
      retrieveUrl: `${this.options.publicBaseUrl.replace(/\/$/, '')}/api/v1/instances/${object.id}/file`,
      ...(original ? { original } : {}),
      ...(object.reprocess ? { reprocess: true } : {}),
    };
  }

  private async release(objects: readonly StoredObject[]): Promise<void> {
    if (objects.length > 0) await this.objects.update({ id: In(objects.map((o) => o.id)) }, { claimedUntil: null });
  }

  /**
   * The original to carry in the event, or null when it is over the ceiling. An archive that cannot
   * be read here is no reason to hold the announcement back: it goes out with the claim check alone,
   * as for a large object, and the parser's fetch meets whatever the archive then answers.
   */
  private async original(object: StoredObject): Promise<EmbeddedOriginal | null> {
    const maxBytes = this.options.maxEmbeddedOriginalBytes ?? MAX_EMBEDDED_ORIGINAL_BYTES_DEFAULT;
    if (maxBytes === 0) return null;
    try {
      return await embedOriginal(this.archive.pathOf(object.sha256), maxBytes);
    } catch (err) {
      this.log.warn({ msg: 'archived original unreadable; announced by claim check only', objectId: object.id, error: (err as Error).message });
      return null;
    }
  }

  /** Drops every claim on an unannounced object (only for a database no other process uses). */
  async releaseClaims(): Promise<void> {
    await this.objects
      .createQueryBuilder()
      .update(StoredObject)
      .set({ claimedUntil: null })
      .where('published_at IS NULL AND claimed_until IS NOT NULL')
      .execute();
  }
}
