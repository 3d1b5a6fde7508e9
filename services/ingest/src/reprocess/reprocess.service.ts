import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { Repository } from 'typeorm';
import { OutboxRelay } from '../outbox/outbox-relay';
import { StoredObject } from '../persistence/stored-object.entity';

export interface ReprocessOutcome {
  readonly studyInstanceUid: string;
  /** Stored objects put back in the outbox, each with a new event id. */
  readonly objectIds: string[];
}

/**
 * An operator re-drives the stored objects of a study through the pipeline: each is announced again
 * by the outbox with a new event id and `reprocess: true`, so the parser reads it anew and the
 * study gets a new revision (consumers keep only the newest, so nothing is counted twice).
 */
@Injectable()
export class ReprocessService {
  private readonly log = new Logger(ReprocessService.name);

  constructor(
    @InjectRepository(StoredObject, 'ingest') private readonly objects: Repository<StoredObject>,
    private readonly relay: OutboxRelay,
  ) {}

  /** `visibleSite`: the caller's site scope; another site's objects are left alone and not disclosed. */
  async reprocessStudy(studyInstanceUid: string, visibleSite: (site: string) => boolean = () => true): Promise<ReprocessOutcome> {
    const objects = (await this.objects.find({ where: { studyInstanceUid }, order: { receivedAt: 'ASC' } })).filter((o) => visibleSite(o.site));
    if (objects.length === 0) throw new NotFoundException(`no stored object of study ${studyInstanceUid}`);
    await this.objects.manager.transaction(async (tx) => {
      // A publish of the previous event still in flight will not mark the new one published (see RdsrReceivedPublisher).
      for (const object of objects) await tx.getRepository(StoredObject).update({ id: object.id }, { eventId: randomUUID(), publishedAt: null, claimedUntil: null, reprocess: true });
    });
    this.log.log({ msg: 'study queued for reprocessing', studyInstanceUid, objects: objects.length });
    this.relay.kick();
    return { studyInstanceUid, objectIds: objects.map((o) => o.id) };
  }
}
