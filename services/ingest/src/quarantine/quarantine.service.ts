import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { Repository } from 'typeorm';
import { patientKey } from '@kerma/contracts';
import { identifyDicomObject } from '@kerma/rdsr';
import { ArchiveStore } from '../archive/archive-store';
import { OutboxRelay } from '../outbox/outbox-relay';
import { QuarantinedObject, type QuarantineStatus } from '../persistence/quarantined-object.entity';
import { StoredObject } from '../persistence/stored-object.entity';

export const RESOLUTIONS = ['keep-original', 'replace-with-quarantined'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

const STATUS_BY_RESOLUTION: Record<Resolution, QuarantineStatus> = { 'keep-original': 'kept-original', 'replace-with-quarantined': 'replaced' };

/**
 * Objects that collided with a stored SOP Instance UID, and a person's decision about each:
 * keep the stored original, or make the quarantined object the stored one (announced again so the
 * pipeline reads it instead). A record is resolved once; the decision and who made it are kept.
 */
@Injectable()
export class QuarantineService {
  private readonly log = new Logger(QuarantineService.name);

  constructor(
    @InjectRepository(QuarantinedObject, 'ingest') private readonly quarantined: Repository<QuarantinedObject>,
    @InjectRepository(StoredObject, 'ingest') private readonly objects: Repository<StoredObject>,
    private readonly archive: ArchiveStore,
    private readonly relay: OutboxRelay,
  ) {}

  list(status?: QuarantineStatus): Promise<QuarantinedObject[]> {
    return this.quarantined.find({ where: status ? { status } : {}, order: { receivedAt: 'ASC' } });
  }

  async get(id: string): Promise<QuarantinedObject> {
    const record = await this.quarantined.findOneBy({ id });
    if (!record) throw new NotFoundException(`no quarantined object ${id}`);
    return record;
  }

  async resolve(id: string, action: Resolution, by: string | null): Promise<QuarantinedObject> {
    const record = await this.get(id);
    if (record.status !== 'pending') throw alreadyResolved(record);
    const replacement = action === 'replace-with-quarantined' ? await this.replacementOf(record) : null;
    const resolvedAt = new Date().toISOString();
    await this.quarantined.manager.transaction(async (tx) => {
      // Conditional on 'pending': two people resolving at once cannot both win.
      const claimed = await tx
        .createQueryBuilder()
        .update(QuarantinedObject)
        .set({ status: STATUS_BY_RESOLUTION[action], resolvedAt, resolvedBy: by })
        .where('id = :id AND status = :pending', { id, pending: 'pending' })
        .execute();
      if (claimed.affected !== 1) throw alreadyResolved(await tx.getRepository(QuarantinedObject).findOneByOrFail({ id }));
      if (replacement) await tx.getRepository(StoredObject).update({ id: record.originalObjectId }, replacement);
    });
    this.log.log({ msg: 'quarantine resolved', quarantineId: id, objectId: record.originalObjectId, action, resolvedBy: by });
    if (replacement) this.relay.kick();
    return this.get(id);
  }

  /** The stored object's new content: the quarantined bytes, announced anew as a reprocess. */
  private async replacementOf(record: QuarantinedObject): Promise<Partial<StoredObject>> {
    const original = await this.objects.findOneBy({ id: record.originalObjectId });
    if (!original) throw new NotFoundException(`the stored object ${record.originalObjectId} of quarantine ${record.id} no longer exists`);
    const identified = identifyDicomObject(await this.archive.get(record.sha256));
    if (!identified.ok) throw new BadRequestException(`the quarantined object can no longer be read: ${identified.error.message}`);
    const { identity } = identified;
    return {
      sha256: record.sha256,
      sizeBytes: record.sizeBytes,
      sopClassUid: record.sopClassUid,
      studyInstanceUid: record.studyInstanceUid,
      site: record.site,
      source: record.source,
      patientId: identity.patientId,
      patientIdIssuer: identity.issuerOfPatientId,
      patientKey: patientKey({
        site: record.site,
        patientId: identity.patientId,
        issuer: identity.issuerOfPatientId,
        studyInstanceUid: record.studyInstanceUid,
      }),
      receivedAt: record.receivedAt,
      eventId: randomUUID(),
      publishedAt: null,
      claimedUntil: null,
      reprocess: true,
    };
  }
}

function alreadyResolved(record: QuarantinedObject): ConflictException {
  return new ConflictException(`quarantined object ${record.id} was already resolved (${record.status} at ${record.resolvedAt})`);
}
