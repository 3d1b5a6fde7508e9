import type { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import { association as dimseAssociation, constants, Dataset, responses, Scp, type requests } from 'dcmjs-dimse';
import { BoundedByteSink } from './byte-sink';
import { negotiate, type AssociationRejectReason, type ContextDecision, type NegotiationPolicy } from './negotiation';
import { STORE_STATUS, errorComment, type StoreStatus } from './store-status';

type Association = dimseAssociation.Association;
type PresentationContext = dimseAssociation.PresentationContext;

const { PresentationContextResult, RejectReason, RejectResult, RejectSource, Status } = constants;

/** A data set received with C-STORE, before it became a Part-10 object. */
export interface ReceivedDataset {
  readonly dataset: Uint8Array;
  readonly transferSyntaxUid: string;
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly callingAeTitle: string;
}

/** What one SCP connection reports; the connection itself knows nothing about intake or logging. */
export interface ScpEvents {
  store(received: ReceivedDataset): Promise<StoreStatus>;
  associationAccepted(info: { callingAeTitle: string; acceptedContexts: number }): void;
  associationRejected(info: { callingAeTitle: string; calledAeTitle: string; reason: AssociationRejectReason }): void;
  stored(info: { callingAeTitle: string; sopInstanceUid: string; status: number; errorComment: string | null; sizeBytes: number }): void;
  failed(info: { callingAeTitle: string; error: string }): void;
  /** The association ended: released (answered once this resolves), aborted, or its connection closed. Called once. */
  associationEnded(): Promise<void>;
}

export interface ScpSettings {
  readonly policy: NegotiationPolicy;
  readonly maxObjectBytes: number;
  readonly events: ScpEvents;
}

const CONTEXT_RESULT: Readonly<Record<ContextDecision['result'], number>> = {
  accept: PresentationContextResult.Accept,
  'abstract-syntax-not-supported': PresentationContextResult.RejectAbstractSyntaxNotSupported,
  'transfer-syntaxes-not-supported': PresentationContextResult.RejectTransferSyntaxesNotSupported,
};

const REJECT_REASON: Readonly<Record<AssociationRejectReason, number>> = {
  'called-ae-not-recognized': RejectReason.CalledAeNotRecognized,
  'calling-ae-not-recognized': RejectReason.CallingAeNotRecognized,
  'no-acceptable-context': RejectReason.NoReasonGiven,
};

/** The object may be fine; Kerma could not keep it (disk, database), so the sender should retry. */
const STORAGE_FAILED: StoreStatus = { status: STORE_STATUS.outOfResources, errorComment: 'storage-failed: the object could not be stored; send it again' };

/** Trailing NUL/space padding of UI values in DIMSE commands is not part of the UID. */
const uid = (value: string | undefined): string => (value ?? '').replace(/[\0 ]+$/, '');

/**
 * One DICOM connection: negotiates (dose-report storage and verification only), answers C-ECHO,
 * and hands each C-STORE data set, as received bytes, to `events.store`.
 */
export class KermaScp extends Scp {
  declare association: Association | undefined;
  private readonly settings: ScpSettings;
  /** Received bytes of each data set, keyed by the placeholder Dataset dcmjs-dimse passes to cStoreRequest. */
  private readonly received = new WeakMap<Dataset, { sink: BoundedByteSink; transferSyntaxUid: string }>();

  private ended: Promise<void> | null = null;

  constructor(socket: Socket, settings: ScpSettings) {
    super(socket, {});
    this.settings = settings;
    this.on('close', () => void this.end());
  }

  override associationRequested(association: Association): void {
    this.association = association;
    const proposal = {
      callingAeTitle: association.getCallingAeTitle(),
      calledAeTitle: association.getCalledAeTitle(),
      contexts: association.getPresentationContexts().map(({ id, context }) => ({
        id,
        abstractSyntaxUid: context.getAbstractSyntaxUid(),
        transferSyntaxUids: context.getTransferSyntaxUids(),
      })),
    };
    const decision = negotiate(proposal, this.settings.policy);
    for (const context of decision.contexts) {
      const proposed = association.getPresentationContext(context.id);
      if (context.result === 'accept') proposed.setResult(CONTEXT_RESULT.accept, context.transferSyntaxUid);
      else proposed.setResult(CONTEXT_RESULT[context.result]);
    }
    if (!decision.accept) {
      this.settings.events.associationRejected({
        callingAeTitle: proposal.callingAeTitle.trim(),
        calledAeTitle: proposal.calledAeTitle.trim(),
        reason: decision.reason,
      });
      this.sendAssociationReject(RejectResult.Permanent, RejectSource.ServiceUser, REJECT_REASON[decision.reason]);
      return;
    }
    this.settings.events.associationAccepted({
      callingAeTitle: this.callingAeTitle(),
      acceptedContexts: decision.contexts.filter((c) => c.result === 'accept').length,
    });
    this.sendAssociationAccept();
  }

  override associationReleaseRequested(): void {
    // The association's audit record is written before the sender hears the release is done.
    void this.end().then(() => this.sendAssociationReleaseResponse());
  }

  override cEchoRequest(request: requests.CEchoRequest, callback: (response: responses.CEchoResponse) => void): void {
    const response = responses.CEchoResponse.fromRequest(request);
    response.setStatus(Status.Success);
    callback(response);
  }

  override createStoreWritableStream(_context: PresentationContext, _request: requests.CStoreRequest): Writable {
    return new BoundedByteSink(this.settings.maxObjectBytes);
  }

  override createDatasetFromStoreWritableStream(writable: Writable, context: PresentationContext, callback: (dataset: Dataset) => void): void {
    const transferSyntaxUid = context.getAcceptedTransferSyntaxUid() ?? '';
    // The data set is not parsed here: intake reads the exact bytes, and parsing twice would double the cost.
    const placeholder = new Dataset({}, transferSyntaxUid);
    this.received.set(placeholder, { sink: writable as BoundedByteSink, transferSyntaxUid });
    callback(placeholder);
  }

  override cStoreRequest(request: requests.CStoreRequest, callback: (response: responses.CStoreResponse) => void): void {
    void this.store(request)
      .catch((err: Error) => {
        this.settings.events.failed({ callingAeTitle: this.callingAeTitle(), error: err.message });
        return STORAGE_FAILED;
      })
      .then((outcome) => {
        const response = responses.CStoreResponse.fromRequest(request);
        response.setStatus(outcome.status);
        if (outcome.errorComment) response.setErrorComment(outcome.errorComment);
        callback(response);
      });
  }

  override abort(): void {
    this.settings.events.failed({ callingAeTitle: this.callingAeTitle(), error: 'association aborted by the sender' });
  }

  private async store(request: requests.CStoreRequest): Promise<StoreStatus> {
    const callingAeTitle = this.callingAeTitle();
    const sopInstanceUid = uid(request.getAffectedSopInstanceUid());
    const dataset = request.getDataset();
    const received = dataset ? this.received.get(dataset) : undefined;
    let outcome: StoreStatus;
    let sizeBytes = 0;
    if (!received) {
      outcome = { status: STORE_STATUS.cannotUnderstand, errorComment: 'no data set received' };
    } else if (received.sink.overflowed) {
      sizeBytes = received.sink.byteCount;
      outcome = { status: STORE_STATUS.outOfResources, errorComment: errorComment(`too-large: the data set exceeds ${received.sink.maxBytes} bytes`) };
    } else {
      const bytes = received.sink.bytes();
      sizeBytes = bytes.length;
      try {
        outcome = await this.settings.events.store({
          dataset: bytes,
          transferSyntaxUid: received.transferSyntaxUid,
          sopClassUid: uid(request.getAffectedSopClassUid()),
          sopInstanceUid,
          callingAeTitle,
        });
      } catch (err) {
        this.settings.events.failed({ callingAeTitle, error: (err as Error).message });
        outcome = STORAGE_FAILED;
      }
    }
    this.settings.events.stored({ callingAeTitle, sopInstanceUid, status: outcome.status, errorComment: outcome.errorComment, sizeBytes });
    return outcome;
  }

  private end(): Promise<void> {
    this.ended ??= this.settings.events.associationEnded().catch((err: Error) => {
      this.settings.events.failed({ callingAeTitle: this.callingAeTitle(), error: `association end: ${err.message}` });
    });
    return this.ended;
  }

  private callingAeTitle(): string {
    return (this.association?.getCallingAeTitle() ?? '').trim();
  }
}
