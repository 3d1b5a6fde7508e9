import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import { ContractViolationError, RdsrReceivedV1 } from '@kerma/contracts';
import { EventPublisher, withinTrace } from '@kerma/messaging';
import { ArchiveStore } from '../archive/archive-store';
import { INGEST_OPTIONS, MAX_EMBEDDED_ORIGINAL_BYTES_DEFAULT, type IngestOptions } from '../ingest-options';
import { StoredObject } from '../persistence/stored-object.entity';
import { embedOriginal, type EmbeddedOriginal } from './embed-original';

/**
 * How long a claim on an unannounced object lasts: longer than a producer can spend on one send
 * (kafkajs retries for about 30 s against a broker that is down), so a live claim is never taken over.
 */
const CLAIM_MS = 2 * 60 * 1000;

export type PublishOutcome = 'published' | 'claimed-elsewhere' | 'broker-unavailable' | 'invalid';

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
   * Claims the object, announces it, marks it published. Never throws: an object that could not be
   * announced stays in the outbox (its claim released) for the next run. Intake validates what the
   * event carries, so 'invalid' means a bug; it is logged and does not hold up others.
   */
  async tryPublish(object: StoredObject): Promise<PublishOutcome> {
    if (!(await this.claim(object.id))) return 'claimed-elsewhere';
    const original = await this.original(object);
    try {
      await withinTrace(object.traceHeaders, () =>
        this.events.publish(RdsrReceivedV1, {
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
        }),
      );
    } catch (err) {
      await this.objects.update({ id: object.id }, { claimedUntil: null });
      if (err instanceof ContractViolationError) {
        this.log.error({ msg: 'stored object cannot be announced: event invalid', objectId: object.id, error: err.message });
        return 'invalid';
      }
      this.log.warn({ msg: 'rdsr.received not published yet; kept in outbox', objectId: object.id, error: (err as Error).message });
      return 'broker-unavailable';
    }
    // Only this announcement is marked: a reprocess asked for meanwhile (new eventId) stays pending.
    await this.objects.update({ id: object.id, eventId: object.eventId }, { publishedAt: new Date().toISOString(), claimedUntil: null, reprocess: false });
    return 'published';
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

  async unpublished(limit: number): Promise<StoredObject[]> {
    return this.objects.find({ where: { publishedAt: IsNull() }, order: { receivedAt: 'ASC' }, take: limit });
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

  /** True when this caller now holds the object: not yet published, and no live claim by anyone else. */
  private async claim(id: string): Promise<boolean> {
    const now = new Date();
    const result = await this.objects
      .createQueryBuilder()
      .update(StoredObject)
      .set({ claimedUntil: new Date(now.getTime() + CLAIM_MS).toISOString() })
      .where('id = :id AND published_at IS NULL AND (claimed_until IS NULL OR claimed_until < :now)', { id, now: now.toISOString() })
      .execute();
    return result.affected === 1;
  }
}
