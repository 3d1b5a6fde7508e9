import { Module, type DynamicModule } from '@nestjs/common';
import { serviceDatabaseImports, serviceSecurity } from '@kerma/platform';
import { ArchiveStore } from './archive/archive-store';
import { CStoreScpService } from './c-store/c-store-scp.service';
import { INGEST_OPTIONS, type IngestOptions } from './ingest-options';
import { IntakeService } from './intake/intake.service';
import { OutboxRelay } from './outbox/outbox-relay';
import { RdsrReceivedPublisher } from './outbox/rdsr-received.publisher';
import { INGEST_ENTITIES } from './persistence/entities';
import { INGEST_MIGRATIONS } from './persistence/migrations';
import { QuarantineController } from './quarantine/quarantine.controller';
import { QuarantineService } from './quarantine/quarantine.service';
import { ReprocessController } from './reprocess/reprocess.controller';
import { ReprocessSelectionController } from './reprocess/reprocess-selection.controller';
import { ReprocessService } from './reprocess/reprocess.service';
import { RetrieveController } from './retrieve/retrieve.controller';
import { StowController } from './stow/stow.controller';

export const INGEST_DATABASE = 'ingest';

/** Receives dose reports (STOW-RS, DICOM C-STORE, archive import), keeps the originals, announces them on kerma.rdsr.received.v1. */
@Module({})
export class IngestModule {
  static register(options: IngestOptions): DynamicModule {
    const database = { service: INGEST_DATABASE, target: options.database, entities: INGEST_ENTITIES, migrations: INGEST_MIGRATIONS };
    const security = serviceSecurity(INGEST_DATABASE);
    return {
      module: IngestModule,
      imports: serviceDatabaseImports(database),
      controllers: [StowController, RetrieveController, QuarantineController, ReprocessController, ReprocessSelectionController, ...security.controllers],
      providers: [
        ...security.providers,
        { provide: INGEST_OPTIONS, useValue: options },
        { provide: ArchiveStore, useValue: new ArchiveStore(options.storageDir) },
        IntakeService,
        RdsrReceivedPublisher,
        OutboxRelay,
        QuarantineService,
        ReprocessService,
        CStoreScpService,
      ],
      exports: [IntakeService],
    };
  }
}
