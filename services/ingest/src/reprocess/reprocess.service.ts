import { Injectable, Logger, NotFoundException, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, type Repository } from 'typeorm';
import { KermaMetrics } from '@kerma/platform';
import { OutboxRelay } from '../outbox/outbox-relay';
import { StoredObject } from '../persistence/stored-object.entity';

export interface ReprocessOutcome {
  readonly studyInstanceUid: string;
  /** Stored objects put back in the outbox, each with a new event id. */
  readonly objectIds: string[];
}

export interface SelectionOutcome {
  /** Studies queued, each with the number of its stored objects announced again. */
  readonly queued: { readonly studyInstanceUid: string; readonly objects: number }[];
  /** Studies of the selection with no stored object in the caller's site scope (reported, not an error). */
  readonly notFound: string[];
}

/**
 * An operator re-drives the stored objects of studies through the pipeline: each is announced again
 * by the outbox with a new event id and `reprocess: true`, so the parser reads it anew and the
 * study gets a new revision (consumers keep only the newest, so nothing is counted twice).
 */
@Injectable()
export class ReprocessService {
  private readonly log = new Logger(ReprocessService.name);

  constructor(
    @InjectRepository(StoredObject, 'ingest') private readonly objects: Repository<StoredObject>,
    private readonly relay: OutboxRelay,
    @Optional() private readonly metrics?: KermaMetrics,
  ) {}

  /** `visibleSite`: the caller's site scope; another site's objects are left alone and not disclosed. */
  async reprocessStudy(studyInstanceUid: string, visibleSite: (site: string) => boolean = () => true): Promise<ReprocessOutcome> {
    const objects = (await this.objects.find({ where: { studyInstanceUid }, order: { receivedAt: 'ASC' } })).filter((o) => visibleSite(o.site));
    if (objects.length === 0) throw new NotFoundException(`no stored object of study ${studyInstanceUid}`);
    await this.requeue(objects);
    this.log.log({ msg: 'study queued for reprocessing', studyInstanceUid, objects: objects.length });
    this.metrics?.reprocessQueued('study', 1, objects.length);
    return { studyInstanceUid, objectIds: objects.map((o) => o.id) };
  }

  /** One page of a selection (the caller pages the study list and sends each page once), in one transaction. */
  async reprocessStudies(studyInstanceUids: readonly string[], visibleSite: (site: string) => boolean = () => true): Promise<SelectionOutcome> {
    const objects = (await this.objects.find({ where: { studyInstanceUid: In([...studyInstanceUids]) }, order: { receivedAt: 'ASC' } })).filter((o) =>
      visibleSite(o.site),
    );
    await this.requeue(objects);
    const perStudy = new Map<string, number>();
    for (const o of objects) perStudy.set(o.studyInstanceUid, (perStudy.get(o.studyInstanceUid) ?? 0) + 1);
    const queued = studyInstanceUids.filter((uid) => perStudy.has(uid)).map((uid) => ({ studyInstanceUid: uid, objects: perStudy.get(uid)! }));
    const notFound = studyInstanceUids.filter((uid) => !perStudy.has(uid));
    this.log.log({ msg: 'selection queued for reprocessing', studies: queued.length, objects: objects.length, notFound: notFound.length });
    this.metrics?.reprocessQueued('selection', queued.length, objects.length);
    return { queued, notFound };
  }

  private async requeue(objects: readonly StoredObject[]): Promise<void> {
    if (objects.length === 0) return;
    await this.objects.manager.transaction(async (tx) => {
      // A publish of the previous event still in flight will not mark the new one published (see RdsrReceivedPublisher).
      for (const object of objects)
        await tx.getRepository(StoredObject).update({ id: object.id }, { eventId: randomUUID(), publishedAt: null, claimedUntil: null, reprocess: true });
    });
    this.relay.kick();
  }
}
