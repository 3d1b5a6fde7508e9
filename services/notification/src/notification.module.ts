import { Module, type DynamicModule } from '@nestjs/common';
import { serviceDatabaseImports } from '@kerma/platform';
import { AlertService } from './alerts/alert.service';
import { AlertsController } from './api/alerts.controller';
import { DeliveryModule } from './delivery/delivery.module';
import { DEFAULT_DELIVERY_OPTIONS } from './delivery/delivery-options';
import { NOTIFICATION_OPTIONS, type NotificationOptions } from './notification-options';
import { NOTIFICATION_ENTITIES } from './persistence/entities';
import { NOTIFICATION_MIGRATIONS } from './persistence/migrations';
import { SkinDoseCalculatedConsumer } from './study-metrics/skin-dose-calculated.consumer';
import { StudyParsedConsumer } from './study-metrics/study-parsed.consumer';

export const NOTIFICATION_DATABASE = 'notification';

/**
 * Applies the alert rules to each study and publishes kerma.dose-alert.v1, at most once per (study, metric, level);
 * delivers the alerts to webhook subscribers and e-mail recipients (delivery/).
 */
@Module({})
export class NotificationModule {
  static register(options: NotificationOptions): DynamicModule {
    const database = { service: NOTIFICATION_DATABASE, target: options.database, entities: NOTIFICATION_ENTITIES, migrations: NOTIFICATION_MIGRATIONS };
    return {
      module: NotificationModule,
      imports: [...serviceDatabaseImports(database), DeliveryModule.register(options.delivery ?? DEFAULT_DELIVERY_OPTIONS)],
      controllers: [StudyParsedConsumer, SkinDoseCalculatedConsumer, AlertsController],
      providers: [{ provide: NOTIFICATION_OPTIONS, useValue: options }, AlertService],
    };
  }
}
