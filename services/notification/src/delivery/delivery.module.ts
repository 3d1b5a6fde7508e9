import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AlertDelivery } from './alert-delivery.entity';
import { DeliveriesController } from './deliveries.controller';
import { DeliveryDispatcher } from './delivery-dispatcher';
import { DELIVERY_OPTIONS, type DeliveryOptions } from './delivery-options';
import { DeliveryOutbox } from './delivery-outbox';
import { DoseAlertDeliveryConsumer } from './dose-alert-delivery.consumer';
import { EmailSender } from './email/email-sender';
import { WebhooksController } from './webhooks/webhooks.controller';
import { WebhookSubscriber } from './webhooks/webhook-subscriber.entity';

/**
 * Delivers kerma.dose-alert.v1 to webhook subscribers and e-mail recipients, through an outbox in the
 * notification database. Its tables are in NOTIFICATION_ENTITIES (one database, one set of migrations).
 * Its admin routes (DELIVERY_ADMIN_CONTROLLERS) are declared by the notification module, which holds the
 * service's audit trail their audit interceptor needs.
 */
@Module({})
export class DeliveryModule {
  static register(options: DeliveryOptions): DynamicModule {
    return {
      module: DeliveryModule,
      imports: [TypeOrmModule.forFeature([AlertDelivery, WebhookSubscriber], 'notification')],
      controllers: [DoseAlertDeliveryConsumer],
      providers: [{ provide: DELIVERY_OPTIONS, useValue: options }, DeliveryOutbox, DeliveryDispatcher, EmailSender],
      exports: [TypeOrmModule, DeliveryDispatcher],
    };
  }
}

/** The webhook and delivery admin routes, audited like every route that changes something or serves alerts. */
export const DELIVERY_ADMIN_CONTROLLERS = [WebhooksController, DeliveriesController];
