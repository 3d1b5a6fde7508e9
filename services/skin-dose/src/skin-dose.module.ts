import { Module, type DynamicModule } from '@nestjs/common';
import { MapPngRenderer, serviceDatabaseImports, serviceSecurity } from '@kerma/platform';
import { SkinDoseController } from './api/skin-dose.controller';
import { SkinDoseCalculatorService } from './calculation/skin-dose-calculator.service';
import { SkinDoseStudiesService } from './calculation/skin-dose-studies.service';
import { SkinDoseValidationsService } from './calculation/skin-dose-validations.service';
import { SKIN_DOSE_ENTITIES } from './persistence/entities';
import { SKIN_DOSE_MIGRATIONS, SKIN_DOSE_SQLITE_MIGRATIONS } from './persistence/migrations';
import { SKIN_DOSE_OPTIONS, type SkinDoseServiceOptions } from './skin-dose-options';
import { StudyParsedConsumer } from './study-parsed/study-parsed.consumer';
import { RoomsController } from './rooms/rooms.controller';
import { RoomsService } from './rooms/rooms.service';
import { PatientSizeController } from './patient-size/patient-size.controller';
import { PatientSizesService } from './patient-size/patient-sizes.service';

export const SKIN_DOSE_DATABASE = 'skin-dose';

/** Peak skin dose and skin dose maps of each study. */
@Module({})
export class SkinDoseModule {
  static register(options: SkinDoseServiceOptions): DynamicModule {
    const database = {
      service: SKIN_DOSE_DATABASE,
      target: options.database,
      entities: SKIN_DOSE_ENTITIES,
      migrations: SKIN_DOSE_MIGRATIONS,
      sqliteMigrations: SKIN_DOSE_SQLITE_MIGRATIONS,
    };
    const security = serviceSecurity(SKIN_DOSE_DATABASE);
    return {
      module: SkinDoseModule,
      imports: serviceDatabaseImports(database),
      controllers: [StudyParsedConsumer, SkinDoseController, RoomsController, PatientSizeController, ...security.controllers],
      providers: [
        ...security.providers,
        { provide: SKIN_DOSE_OPTIONS, useValue: options },
        { provide: MapPngRenderer, useValue: new MapPngRenderer(options.mapFontFile) },
        SkinDoseCalculatorService,
        SkinDoseStudiesService,
        RoomsService,
        PatientSizesService,
        SkinDoseValidationsService,
      ],
    };
  }
}
