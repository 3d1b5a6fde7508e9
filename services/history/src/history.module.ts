import { CumulativeSkinDoseCache } from './skin-dose-maps/cumulative-cache.service';
import { DoseSummaryController } from './patients/dose-summary.controller';
import { Module, type DynamicModule } from '@nestjs/common';
import { MapPngRenderer, serviceDatabaseImports, serviceSecurity } from '@kerma/platform';
import { ApiKeysController } from './security/api-keys.controller';
import { AuditController } from './security/audit.controller';
import { SecurityEventsConsumer } from './security/security-events.consumer';
import { DEFAULT_DRL_TABLE } from '@kerma/dose-figures';
import { DRL_TABLE, DrlController } from './drl/drl.controller';
import { DrlFiguresService } from './drl/drl-figures.service';
import { ExportsController } from './exports/exports.controller';
import { ManualEntriesController } from './drl/manual-entries.controller';
import type { HistoryOptions } from './history-options';
import { FhirController } from './fhir/fhir.controller';
import { FHIR_PUSH_OPTIONS } from './fhir/fhir-push-options';
import { FhirPushDispatcher } from './fhir/fhir-push-dispatcher';
import { FhirPushOutbox } from './fhir/fhir-push-outbox';
import { DeadLettersConsumer } from './inputs/dead-letters.consumer';
import { StageEventsConsumer } from './inputs/stage-events.consumer';
import { PatientsController } from './patients/patients.controller';
import { HISTORY_ENTITIES } from './persistence/entities';
import { HISTORY_MIGRATIONS } from './persistence/migrations';
import { PatientSkinDoseController } from './skin-dose-maps/patient-skin-dose.controller';
import { SkinDoseMapsService } from './skin-dose-maps/skin-dose-maps.service';
import { StudiesController } from './studies/studies.controller';
import { StudyRecordsService } from './studies/study-records.service';
import { StudyStageMetrics } from './studies/study-stage-metrics';
import { PatientLinksController } from './patient-links/patient-links.controller';
import { PatientLinksService } from './patient-links/patient-links.service';
import { PersonRecordsService } from './patient-links/person-records.service';

export const HISTORY_DATABASE = 'history';
/**
 * History's pooled PostgreSQL connections stay open 10 min unused: the DRL report's metric queries ran twice as
 * fast on a connection that had run them before (its server process had touched the shared buffers), and a
 * physicist's next report usually comes within minutes, not within the driver's default 10 s.
 */
export const HISTORY_IDLE_CONNECTION_MS = 600_000;

/** Each study's journey through the stages, and each patient's cumulative dose across procedures and sites. */
@Module({})
export class HistoryModule {
  static register(options: HistoryOptions): DynamicModule {
    const database = {
      service: HISTORY_DATABASE,
      target: options.database,
      entities: HISTORY_ENTITIES,
      migrations: HISTORY_MIGRATIONS,
      idleConnectionMs: HISTORY_IDLE_CONNECTION_MS,
    };
    const security = serviceSecurity(HISTORY_DATABASE);
    return {
      module: HistoryModule,
      imports: serviceDatabaseImports(database),
      controllers: [
        StageEventsConsumer,
        DeadLettersConsumer,
        StudiesController,
        PatientsController,
        PatientSkinDoseController,
        DoseSummaryController,
        PatientLinksController,
        ApiKeysController,
        AuditController,
        SecurityEventsConsumer,
        FhirController,
        DrlController,
        ExportsController,
        ManualEntriesController,
        ...security.controllers,
      ],
      providers: [
        ...security.providers,
        { provide: MapPngRenderer, useValue: new MapPngRenderer(options.mapFontFile) },
        StudyRecordsService,
        SkinDoseMapsService,
        CumulativeSkinDoseCache,
        StudyStageMetrics,
        PatientLinksService,
        PersonRecordsService,
        DrlFiguresService,
        { provide: DRL_TABLE, useValue: options.drlTable ?? DEFAULT_DRL_TABLE },
        ...(options.fhirPush ? [{ provide: FHIR_PUSH_OPTIONS, useValue: options.fhirPush }] : []),
        FhirPushOutbox,
        FhirPushDispatcher,
      ],
    };
  }
}
