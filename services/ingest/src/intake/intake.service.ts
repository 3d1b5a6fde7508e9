import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, type Repository } from 'typeorm';
import { dicomUid, patientKey, site as siteSchema } from '@kerma/contracts';
import { currentTraceHeaders } from '@kerma/messaging';
import { identifyDicomObject, type DicomIdentity, type RdsrError } from '@kerma/rdsr';
import { ArchiveStore } from '../archive/archive-store';
import { OutboxRelay } from '../outbox/outbox-relay';
import { QuarantinedObject } from '../persistence/quarantined-object.entity';
import { StoredObject } from '../persistence/stored-object.entity';
import { receivedBytes, type ReceivedObject } from './received-object';
import { FAILURE_REASON, type Rejection } from './rejection';

export type IntakeSource = StoredObject['source'];

/** What the transport already said about the object; a dataset that contradicts it is refused. */
export interface IntakeExpectation {
  /** Study of a STOW-RS request URL. */
  readonly studyInstanceUid?: string;
  /** Affected SOP Class / Instance UID of a C-STORE request. */
  readonly sopClassUid?: string;
  readonly sopInstanceUid?: string;
}

export type IntakeResult =
  | { readonly status: 'stored'; readonly object: StoredObject }
  /** The same bytes again: already stored, not processed again. */
  | { readonly status: 'duplicate'; readonly object: StoredObject }
  /** Different bytes under a stored SOP Instance UID: the original stays, this one waits in quarantine. */
  | { readonly status: 'quarantined'; readonly original: StoredObject; readonly quarantine: QuarantinedObject }
  | { readonly status: 'rejected'; readonly rejection: Rejection; readonly identity?: DicomIdentity };

/** How each reading error of the rdsr library is answered: Kerma's reason code and the PS3.18 Failure Reason. */
const REJECTION_BY_RDSR_ERROR: Record<RdsrError['code'], Pick<Rejection, 'code' | 'dicomFailureReason'>> = {
  'not-dicom': { code: 'not-dicom', dicomFailureReason: FAILURE_REASON.cannotUnderstand },
  truncated: { code: 'truncated', dicomFailureReason: FAILURE_REASON.cannotUnderstand },
  malformed: { code: 'malformed', dicomFailureReason: FAILURE_REASON.cannotUnderstand },
  'unsupported-transfer-syntax': { code: 'unsupported-transfer-syntax', dicomFailureReason: FAILURE_REASON.transferSyntaxNotSupported },
  'not-a-dose-report': { code: 'not-a-dose-report', dicomFailureReason: FAILURE_REASON.sopClassNotSupported },
  'unknown-unit': { code: 'malformed', dicomFailureReason: FAILURE_REASON.processingFailure },
  'invalid-content': { code: 'malformed', dicomFailureReason: FAILURE_REASON.dataSetDoesNotMatch },
};

/**
 * The single intake path of every source (STOW-RS, C-STORE, archive import): identify, deduplicate
 * by SOP Instance UID (different content under a stored UID goes to quarantine), store the original durably, then announce it. Refusals are specific and
 * leave nothing behind; an accepted object is answered once stored and recorded, and announced by
 * the outbox relay, so it is never lost and the sender never waits for the broker.
 */
@Injectable()
export class IntakeService {
  private readonly log = new Logger(IntakeService.name);

  constructor(
    @InjectRepository(StoredObject, 'ingest') private readonly objects: Repository<StoredObject>,
    @InjectRepository(QuarantinedObject, 'ingest') private readonly quarantined: Repository<QuarantinedObject>,
    private readonly archive: ArchiveStore,
    private readonly relay: OutboxRelay,
  ) {}

  /** An object received whole in memory (C-STORE). */
  async acceptBytes(bytes: Uint8Array, source: IntakeSource, site: string, expected: IntakeExpectation = {}): Promise<IntakeResult> {
    return this.accept(receivedBytes(bytes, this.archive), source, site, expected);
  }

  /** Decides about one received object; whatever the outcome, the received bytes are either kept in the archive or released. */
  async accept(received: ReceivedObject, source: IntakeSource, site: string, expected: IntakeExpectation = {}): Promise<IntakeResult> {
    return (await this.acceptAll([received], source, site, expected))[0];
  }

  /**
   * Decides about the objects of one request, answering in their order exactly as if each had been sent
   * alone after the one before it: an object whose SOP Instance UID came earlier in the same request is
   * its duplicate (or goes to quarantine). The objects new to the archive are recorded with one INSERT,
   * and the already stored ones found with one query, so a batch costs a couple of round trips to the
   * database rather than two per object. Whatever the outcome, every received object is kept or released.
   */
  async acceptAll(received: readonly ReceivedObject[], source: IntakeSource, site: string, expected: IntakeExpectation = {}): Promise<IntakeResult[]> {
    try {
      return await this.decideAll(received, source, site, expected);
    } finally {
      await Promise.all(received.map((r) => r.release()));
    }
  }

  private async decideAll(received: readonly ReceivedObject[], source: IntakeSource, site: string, expected: IntakeExpectation): Promise<IntakeResult[]> {
    const results: IntakeResult[] = new Array(received.length);
    const candidates: Candidate[] = [];
    // One object in memory at a time: only its identity is kept once it is read.
    for (const [index, object] of received.entries()) {
      const checked = checkIdentity(await object.read(), site, expected);
      if ('status' in checked) results[index] = checked;
      else candidates.push({ index, received: object, identity: checked, sopInstanceUid: checked.sopInstanceUid! });
    }
    if (candidates.length === 0) return results;

    const uids = [...new Set(candidates.map((c) => c.sopInstanceUid))];
    const stored = new Set((await this.objects.find({ select: { sopInstanceUid: true }, where: { sopInstanceUid: In(uids) } })).map((o) => o.sopInstanceUid));
    // New to the archive, each UID once; the others are decided one by one once these are recorded.
    const fresh: Candidate[] = [];
    const afterwards: Candidate[] = [];
    const taken = new Set<string>();
    for (const c of candidates) {
      if (stored.has(c.sopInstanceUid) || taken.has(c.sopInstanceUid)) afterwards.push(c);
      else {
        taken.add(c.sopInstanceUid);
        fresh.push(c);
      }
    }
    if (fresh.length > 0) {
      const objects: StoredObject[] = [];
      for (const c of fresh) {
        await c.received.keep();
        objects.push(this.newObject(c, source, site));
      }
      let recorded = true;
      try {
        await this.record(objects);
      } catch {
        // Another request recorded one of these UIDs meanwhile: each is decided alone (its file is already kept).
        recorded = false;
      }
      if (recorded) {
        fresh.forEach((c, i) => (results[c.index] = this.stored(objects[i])));
      } else {
        for (const c of fresh) results[c.index] = await this.decideOne(c, source, site);
      }
    }
    for (const c of afterwards) results[c.index] = await this.decideOne(c, source, site);
    // Stored and recorded: the answer goes out now; the outbox relay announces the objects.
    if (results.some((r) => r.status === 'stored')) this.relay.kick();
    return results;
  }

  /** One identified object against what is recorded now: a duplicate, a conflict, or stored. */
  private async decideOne(candidate: Candidate, source: IntakeSource, site: string): Promise<IntakeResult> {
    const { received, identity, sopInstanceUid } = candidate;
    const existing = await this.objects.findOneBy({ sopInstanceUid });
    if (existing) return this.conflictOrDuplicate(existing, received, identity, source, site);
    await received.keep();
    const object = this.newObject(candidate, source, site);
    try {
      await this.record([object]);
    } catch (err) {
      const raced = await this.objects.findOneBy({ sopInstanceUid });
      if (raced) return this.conflictOrDuplicate(raced, received, identity, source, site);
      throw err;
    }
    return this.stored(object);
  }

  /**
   * One INSERT of whole entities. TypeORM would otherwise read the rows back to fill in column defaults
   * (every value is set here), a round trip per request that also mixed up rows of a multi-row insert on SQLite.
   */
  private async record(objects: StoredObject[]): Promise<void> {
    await this.objects.createQueryBuilder().insert().into(StoredObject).values(objects).updateEntity(false).execute();
  }

  private newObject({ received, identity, sopInstanceUid }: Candidate, source: IntakeSource, site: string): StoredObject {
    const studyInstanceUid = identity.studyInstanceUid!;
    return this.objects.create({
      id: randomUUID(),
      sopInstanceUid,
      sopClassUid: identity.sopClassUid,
      studyInstanceUid,
      site,
      patientId: identity.patientId,
      patientIdIssuer: identity.issuerOfPatientId,
      patientKey: patientKey({ site, patientId: identity.patientId, issuer: identity.issuerOfPatientId, studyInstanceUid }),
      sha256: received.sha256,
      sizeBytes: received.sizeBytes,
      source,
      receivedAt: new Date().toISOString(),
      publishedAt: null,
      eventId: randomUUID(),
      claimedUntil: null,
      reprocess: false,
      traceHeaders: nonEmpty(currentTraceHeaders()),
    });
  }

  private stored(object: StoredObject): IntakeResult {
    this.log.log({
      msg: 'object stored',
      objectId: object.id,
      sopInstanceUid: object.sopInstanceUid,
      studyInstanceUid: object.studyInstanceUid,
      site: object.site,
      source: object.source,
      sizeBytes: object.sizeBytes,
    });
    return { status: 'stored', object };
  }

  private async conflictOrDuplicate(
    existing: StoredObject,
    received: ReceivedObject,
    identity: DicomIdentity,
    source: IntakeSource,
    site: string,
  ): Promise<IntakeResult> {
    if (existing.sha256 === received.sha256) {
      this.log.log({ msg: 'duplicate, already stored', objectId: existing.id, sopInstanceUid: existing.sopInstanceUid });
      return { status: 'duplicate', object: existing };
    }
    const known = await this.quarantined.findOneBy({ sopInstanceUid: existing.sopInstanceUid, sha256: received.sha256 });
    if (known) return { status: 'quarantined', original: existing, quarantine: known };
    await received.keep();
    const quarantine = this.quarantined.create({
      id: randomUUID(),
      sopInstanceUid: existing.sopInstanceUid,
      sopClassUid: identity.sopClassUid,
      studyInstanceUid: identity.studyInstanceUid!,
      site,
      source,
      sha256: received.sha256,
      sizeBytes: received.sizeBytes,
      originalObjectId: existing.id,
      originalSha256: existing.sha256,
      receivedAt: new Date().toISOString(),
      status: 'pending',
      resolvedAt: null,
      resolvedBy: null,
    });
    try {
      await this.quarantined.insert(quarantine);
    } catch (err) {
      const raced = await this.quarantined.findOneBy({ sopInstanceUid: existing.sopInstanceUid, sha256: received.sha256 });
      if (raced) return { status: 'quarantined', original: existing, quarantine: raced };
      throw err;
    }
    this.log.warn({
      msg: 'different object with a stored SOP Instance UID: quarantined, original kept',
      objectId: existing.id,
      quarantineId: quarantine.id,
      sopInstanceUid: existing.sopInstanceUid,
      site,
      source,
    });
    return { status: 'quarantined', original: existing, quarantine };
  }
}

/** An identified object intake may store. */
interface Candidate {
  readonly index: number;
  readonly received: ReceivedObject;
  readonly identity: DicomIdentity;
  readonly sopInstanceUid: string;
}

/**
 * The refusal of an object from what it is (not DICOM, not a dose report, invalid or contradicted UIDs,
 * invalid site), or its identity when it is a dose report intake may store.
 */
function checkIdentity(bytes: Uint8Array, site: string, expected: IntakeExpectation): IntakeResult | DicomIdentity {
  const identified = identifyDicomObject(bytes);
  if (!identified.ok) {
    return reject({ ...REJECTION_BY_RDSR_ERROR[identified.error.code], message: identified.error.message });
  }
  const identity = identified.identity;
  const contradiction = contradictionOf(identity, expected);
  if (contradiction) return reject(contradiction, identity);
  if (!identity.isDoseReport) {
    return reject(
      {
        code: 'not-a-dose-report',
        message: `not a radiation dose report: ${identity.sopClassName}${identity.modality ? ` (modality ${identity.modality})` : ''}${identity.notDoseReason ? `: ${identity.notDoseReason}` : ''}`,
        dicomFailureReason: FAILURE_REASON.sopClassNotSupported,
      },
      identity,
    );
  }
  if (!identity.studyInstanceUid || !identity.sopInstanceUid) {
    return reject(
      { code: 'missing-uid', message: 'the object has no Study Instance UID or SOP Instance UID', dicomFailureReason: FAILURE_REASON.dataSetDoesNotMatch },
      identity,
    );
  }
  const invalidUid = (
    [
      ['Study Instance UID', identity.studyInstanceUid],
      ['SOP Instance UID', identity.sopInstanceUid],
      ['SOP Class UID', identity.sopClassUid],
    ] as const
  ).find(([, uid]) => !dicomUid.safeParse(uid).success);
  if (invalidUid) {
    return reject(
      {
        code: 'invalid-uid',
        message: `the ${invalidUid[0]} "${invalidUid[1].slice(0, 80)}" is not a valid DICOM UID (digits and dots, at most 64 characters)`,
        dicomFailureReason: FAILURE_REASON.dataSetDoesNotMatch,
      },
      identity,
    );
  }
  if (!siteSchema.safeParse(site).success) {
    return reject(
      {
        code: 'invalid-site',
        message: `the site "${site.slice(0, 80)}" is not a valid site id (letters, digits, . _ -, at most 64)`,
        dicomFailureReason: FAILURE_REASON.processingFailure,
      },
      identity,
    );
  }
  if (expected.studyInstanceUid && expected.studyInstanceUid !== identity.studyInstanceUid) {
    return reject(
      {
        code: 'study-mismatch',
        message: `the object belongs to study ${identity.studyInstanceUid}, not to the study of the request URL ${expected.studyInstanceUid}`,
        dicomFailureReason: FAILURE_REASON.dataSetDoesNotMatch,
      },
      identity,
    );
  }
  return identity;
}

/** A data set that is not what its C-STORE command announced (checked before anything else about it). */
function contradictionOf(identity: DicomIdentity, expected: IntakeExpectation): Rejection | null {
  if (expected.sopClassUid && expected.sopClassUid !== identity.sopClassUid) {
    return {
      code: 'sop-class-mismatch',
      message: `the data set is a ${identity.sopClassName} (${identity.sopClassUid}), but was sent as SOP Class ${expected.sopClassUid}`,
      dicomFailureReason: FAILURE_REASON.dataSetDoesNotMatch,
    };
  }
  if (expected.sopInstanceUid && expected.sopInstanceUid !== identity.sopInstanceUid) {
    return {
      code: 'sop-instance-mismatch',
      message: `the data set has SOP Instance UID ${identity.sopInstanceUid}, but was sent as ${expected.sopInstanceUid}`,
      dicomFailureReason: FAILURE_REASON.dataSetDoesNotMatch,
    };
  }
  return null;
}

function reject(rejection: Rejection, identity?: DicomIdentity): IntakeResult {
  return { status: 'rejected', rejection, ...(identity ? { identity } : {}) };
}

function nonEmpty(headers: Readonly<Record<string, string>>): Record<string, string> | null {
  return Object.keys(headers).length > 0 ? { ...headers } : null;
}
