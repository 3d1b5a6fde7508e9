import { randomUUID } from 'node:crypto';
import type { AuditV1 } from '@kerma/contracts';
import type { IntakeResult } from '../intake/intake.service';
import { STORE_STATUS } from './store-status';

/** The list limit of an audit record (kerma.audit.v1): a longer association is recorded in several records. */
const MAX_LISTED = 1000;
const DICOM_UID = /^[0-9]+(\.[0-9]+)*$/;

/** Who sent an association and from where: a DICOM sender has no OIDC subject or API key, only its AE title and address. */
export interface AssociationPeer {
  readonly service: string;
  readonly calledAeTitle: string;
  readonly peerAddress: string | null;
}

/** Where an association's records go: the service's AuditTrail (its database first, then kerma.audit.v1). */
export interface AuditWriter {
  record(event: AuditV1): Promise<void>;
}

/**
 * The audit of one C-STORE association: one `change` record per association (as STOW-RS has one per request),
 * naming the calling AE as who (`dicom-ae:<AE>`, via `dicom`), the peer address, the site, and the patient keys and
 * studies the association left stored. Written when the association ends (before the release is answered, or when
 * the connection closes); an association that stored nothing and refused nothing (C-ECHO only) is not a change
 * and leaves no record. The status reads as STOW-RS would answer: 200 every object kept, 202 some refused, 409 none kept.
 */
export class AssociationAudit {
  private callingAeTitle = '';
  private site: string | null = null;
  private readonly patientKeys = new Set<string>();
  private readonly studyInstanceUids = new Set<string>();
  private kept = 0;
  private refused = 0;
  private readonly inFlight = new Set<Promise<unknown>>();
  private ended = false;

  constructor(
    private readonly writer: AuditWriter,
    private readonly peer: AssociationPeer,
  ) {}

  /** The association was accepted: who calls, and the site its objects are recorded for. */
  begin(callingAeTitle: string, site: string): void {
    this.callingAeTitle = callingAeTitle;
    this.site = site;
  }

  /** A C-STORE being handled: the record waits for it, so an object stored just before the release is listed. */
  track<T>(intake: Promise<T>): Promise<T> {
    this.inFlight.add(intake);
    const done = () => void this.inFlight.delete(intake);
    intake.then(done, done);
    return intake;
  }

  /** What intake did with one object of the association (for its site and patient keys). */
  async noteIntake(result: IntakeResult): Promise<void> {
    const object = result.status === 'stored' || result.status === 'duplicate' ? result.object : result.status === 'quarantined' ? result.original : null;
    if (object) {
      this.patientKeys.add(object.patientKey);
      // As the HTTP audit: a UID the contract would refuse is left out rather than losing the record.
      if (object.studyInstanceUid && DICOM_UID.test(object.studyInstanceUid) && object.studyInstanceUid.length <= 64)
        this.studyInstanceUids.add(object.studyInstanceUid);
    }
    if (this.patientKeys.size >= MAX_LISTED || this.studyInstanceUids.size >= MAX_LISTED) await this.flush();
  }

  /** The status each C-STORE was answered with (objects refused before intake, too large say, count too). */
  noteAnswer(status: number): void {
    if (status === STORE_STATUS.success) this.kept++;
    else this.refused++;
  }

  /** The association ended (released, aborted or its connection closed): writes its record once. */
  async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await Promise.allSettled([...this.inFlight]);
    await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.kept + this.refused === 0 && this.patientKeys.size === 0) return;
    const at = new Date().toISOString();
    const event: AuditV1 = {
      eventId: randomUUID(),
      occurredAt: at,
      service: this.peer.service,
      subject: `dicom-ae:${this.callingAeTitle || '(empty)'}`,
      via: 'dicom',
      keyId: null,
      roles: [],
      action: 'change',
      method: 'C-STORE',
      route: `DICOM C-STORE SCP ${this.peer.calledAeTitle}`,
      site: this.site,
      patientKeys: [...this.patientKeys],
      studyInstanceUids: [...this.studyInstanceUids],
      clientIp: this.peer.peerAddress,
      status: this.refused === 0 ? 200 : this.kept === 0 ? 409 : 202,
      at,
    };
    this.patientKeys.clear();
    this.studyInstanceUids.clear();
    this.kept = 0;
    this.refused = 0;
    await this.writer.record(event);
  }
}
