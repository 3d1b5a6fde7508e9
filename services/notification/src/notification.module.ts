import { Module, type DynamicModule } from '@nestjs/common';
import { serviceDatabaseImports, serviceSecurity } from '@kerma/platform';
import { AlertService } from './alerts/alert.service';
import { DoseEvaluationService } from './alerts/dose-evaluation.service';
import { FollowUpService } from './alerts/follow-up.service';
import { AlertRulesController } from './api/alert-rules.controller';
import { AlertsController } from './api/alerts.controller';
import { FollowUpController } from './api/follow-up.controller';
import { DELIVERY_ADMIN_CONTROLLERS, DeliveryModule } from './delivery/delivery.module';
import { DEFAULT_DELIVERY_OPTIONS } from './delivery/delivery-options';
import { NOTIFICATION_OPTIONS, type NotificationOptions } from './notification-options';
import { PatientLinksService } from './patients/patient-links.service';
import { PatientStudiesService } from './patients/patient-studies.service';
import { PersonLock } from './patients/person-lock';
import { PatientLinkConsumer } from './patients/patient-link.consumer';
import { NOTIFICATION_ENTITIES } from './persistence/entities';
import { NOTIFICATION_MIGRATIONS } from './persistence/migrations';
import { RuleSetService } from './rules/rule-set.service';
import { SkinDoseCalculatedConsumer } from './study-metrics/skin-dose-calculated.consumer';
import { StudyParsedConsumer } from './study-metrics/study-parsed.consumer';

export const NOTIFICATION_DATABASE = 'notification';

/**
 * Applies the alert rules to each study and to each patient's window, publishes kerma.dose-alert.v1 at
 * most once per (alert, state), runs the follow-up of every alert, and delivers the alerts to webhook
 * subscribers and e-mail recipients (delivery/).
 */
@Module({})
export class NotificationModule {
  static register(options: NotificationOptions): DynamicModule {
    const database = { service: NOTIFICATION_DATABASE, target: options.database, entities: NOTIFICATION_ENTITIES, migrations: NOTIFICATION_MIGRATIONS };
    const security = serviceSecurity(NOTIFICATION_DATABASE);
    return {
      module: NotificationModule,
      imports: [...serviceDatabaseImports(database), DeliveryModule.register(options.delivery ?? DEFAULT_DELIVERY_OPTIONS)],
      // The follow-up routes (/:alertId) come after the list route so "GET /api/v1/alerts" stays the list.
      controllers: [
        StudyParsedConsumer,
        SkinDoseCalculatedConsumer,
        PatientLinkConsumer,
        AlertsController,
        FollowUpController,
        AlertRulesController,
        ...DELIVERY_ADMIN_CONTROLLERS,
        ...security.controllers,
      ],
      providers: [
        ...security.providers,
        { provide: NOTIFICATION_OPTIONS, useValue: options },
        AlertService,
        PatientStudiesService,
        PatientLinksService,
        PersonLock,
        RuleSetService,
        DoseEvaluationService,
        FollowUpService,
      ],
      exports: [FollowUpService, RuleSetService],
    };
  }
}
