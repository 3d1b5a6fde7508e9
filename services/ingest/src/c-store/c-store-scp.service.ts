import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { log as dimseLog } from 'dcmjs-dimse';
import { INGEST_OPTIONS, type IngestOptions } from '../ingest-options';
import { IntakeService } from '../intake/intake.service';
import { DicomListener } from './dicom-listener';
import type { DicomListenerOptions } from './dicom-listener-options';
import { KermaScp, type ReceivedDataset, type ScpEvents } from './kerma-scp';
import { part10Of } from './part10';
import { storeStatusOf, type StoreStatus } from './store-status';

/**
 * The DICOM C-STORE SCP of ingest, started and stopped with the application (deployed service and
 * single process alike) when a DICOM port is configured. Every data set goes through the same intake
 * path as STOW-RS. Logs carry AE titles, UIDs and statuses only (dcmjs-dimse's own logging is off:
 * its messages can include data set contents).
 */
@Injectable()
export class CStoreScpService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('CStoreScp');
  private listener: DicomListener | null = null;

  constructor(
    private readonly intake: IntakeService,
    @Inject(INGEST_OPTIONS) private readonly options: IngestOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const dicom = this.options.dicom;
    if (!dicom) return;
    dimseLog.setLevel('silent');
    const settings = {
      policy: { aeTitle: dicom.aeTitle, callingAeAllowlist: dicom.callingAeAllowlist },
      maxObjectBytes: this.options.maxRequestBytes,
      events: this.events(dicom),
    };
    const listener = new DicomListener((socket) => new KermaScp(socket, settings), dicom.tls ?? null);
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
  }

  private events(dicom: DicomListenerOptions): ScpEvents {
    return {
      store: (received) => this.store(received, dicom),
      associationAccepted: (info) => this.log.debug({ msg: 'association accepted', ...info }),
      associationRejected: (info) => this.log.warn({ msg: 'association rejected', ...info }),
      stored: (info) => (info.status === 0 ? this.log.debug({ msg: 'C-STORE answered', ...info }) : this.log.warn({ msg: 'C-STORE refused', ...info })),
      failed: (info) => this.log.warn({ msg: 'C-STORE association problem', ...info }),
    };
  }

  private async store(received: ReceivedDataset, dicom: DicomListenerOptions): Promise<StoreStatus> {
    const bytes = part10Of(received.dataset, received);
    const site = dicom.siteByCallingAe[received.callingAeTitle] ?? this.options.defaultSite;
    const result = await this.intake.acceptBytes(bytes, 'c-store', site, { sopClassUid: received.sopClassUid, sopInstanceUid: received.sopInstanceUid });
    return storeStatusOf(result);
  }
}
