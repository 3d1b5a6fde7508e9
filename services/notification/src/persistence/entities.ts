import { AlertDelivery } from '../delivery/alert-delivery.entity';
import { WebhookSubscriber } from '../delivery/webhooks/webhook-subscriber.entity';
import { DoseAlert } from './alert.entity';

/** Every entity of the notification database (its migrations cover exactly these). */
export const NOTIFICATION_ENTITIES = [DoseAlert, AlertDelivery, WebhookSubscriber];
