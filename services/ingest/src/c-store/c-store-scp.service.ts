import type { Socket } from 'node:net';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { log as dimseLog } from 'dcmjs-dimse';
import { AuditTrail } from '@kerma/platform';
import { INGEST_OPTIONS, type IngestOptions } from '../ingest-options';
import { IntakeService } from '../intake/intake.service';
import { AssociationAudit } from './association-audit';
import { DicomListener } from './dicom-listener';
import type { DicomListenerOptions } from './dicom-listener-options';
import { KermaScp, type ReceivedDataset, type ScpEvents } from './kerma-scp';
import { part10Of } from './part10';
import { storeStatusOf, type StoreStatus } from './store-status';

/**
 * The DICOM C-STORE SCP of ingest, started and stopped with the application (deployed service and
 * single process alike) when a DICOM port is configured. Every data set goes through the same intake
 * path as STOW-RS, and each association is audited like a STOW-RS request (association-audit.ts). Logs
 * carry AE titles, UIDs and statuses only (dcmjs-dimse's own logging is off: its messages can include
 * data set contents).
 */
@Injectable()
export class CStoreScpService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('CStoreScp');
  private listener: DicomListener | null = null;
  /** Audit records of associations still being written: shutdown waits for them. */
  private readonly endingAssociations = new Set<Promise<void>>();

  constructor(
    private readonly intake: IntakeService,
    private readonly trail: AuditTrail,
    @Inject(INGEST_OPTIONS) private readonly options: IngestOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const dicom = this.options.dicom;
    if (!dicom) return;
    dimseLog.setLevel('silent');
    const policy = { aeTitle: dicom.aeTitle, callingAeAllowlist: dicom.callingAeAllowlist };
    const connect = (socket: Socket) => {
      const audit = new AssociationAudit(this.trail, { service: this.trail.service, calledAeTitle: dicom.aeTitle, peerAddress: socket.remoteAddress ?? null });
      return new KermaScp(socket, { policy, maxObjectBytes: this.options.maxRequestBytes, events: this.events(dicom, audit) });
    };
    const listener = new DicomListener(connect, dicom.tls ?? null);
    await listener.listen(dicom.port, dicom.host);
    this.listener = listener;
    this.log.log({
      msg: 'DICOM C-STORE SCP listening',
      port: dicom.port,
      host: dicom.host,
      aeTitle: dicom.aeTitle,
      tls: dicom.tls ? (dicom.tls.clientCa ? 'client certificates required' : 'server certificate only') : 'off',
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener?.close();
    this.listener = null;
    // Closing dropped the open connections: their associations' records are written before the database goes.
    await Promise.allSettled([...this.endingAssociations]);
  }

  private events(dicom: DicomListenerOptions, audit: AssociationAudit): ScpEvents {
    return {
      store: (received) => audit.track(this.store(received, dicom, audit)),
      associationAccepted: (info) => {
        audit.begin(info.callingAeTitle, this.siteOf(info.callingAeTitle, dicom));
        this.log.debug({ msg: 'association accepted', ...info });
      },
      associationRejected: (info) => this.log.warn({ msg: 'association rejected', ...info }),
      stored: (info) => {
        audit.noteAnswer(info.status);
        if (info.status === 0) this.log.debug({ msg: 'C-STORE answered', ...info });
        else this.log.warn({ msg: 'C-STORE refused', ...info });
      },
      failed: (info) => this.log.warn({ msg: 'C-STORE association problem', ...info }),
      associationEnded: () => {
        const ending = audit.end();
        this.endingAssociations.add(ending);
        const done = () => void this.endingAssociations.delete(ending);
        ending.then(done, done);
        return ending;
      },
    };
  }

  private async store(received: ReceivedDataset, dicom: DicomListenerOptions, audit: AssociationAudit): Promise<StoreStatus> {
    const bytes = part10Of(received.dataset, received);
    const site = this.siteOf(received.callingAeTitle, dicom);
    const result = await this.intake.acceptBytes(bytes, 'c-store', site, { sopClassUid: received.sopClassUid, sopInstanceUid: received.sopInstanceUid });
    await audit.noteIntake(result);
    return storeStatusOf(result);
  }

  private siteOf(callingAeTitle: string, dicom: DicomListenerOptions): string {
    return dicom.siteByCallingAe[callingAeTitle] ?? this.options.defaultSite;
  }
}
