import { schema as s, type SchemaObject } from '@kerma/platform';
import { DELIVERY_CHANNELS, DELIVERY_STATUSES } from './alert-delivery.entity';

/** The shape of WebhookSubscriberView (webhooks/webhooks.controller.ts): never its secrets. */
export const WEBHOOK_SUBSCRIBER: SchemaObject = s.object({
  id: s.string(),
  site: s.string(),
  url: s.string(),
  eventTypes: s.array(s.string('dose-alert.<state>')),
  description: s.nullable(s.string()),
  createdAt: s.string('ISO 8601'),
  previousSecretValidUntil: s.nullable(s.string('Until when the secret replaced by the last rotation still signs; null when none does')),
});

/** A subscriber with its signing secret: only in the answer that created it (register, rotate). */
export const WEBHOOK_SUBSCRIBER_WITH_SECRET: SchemaObject = {
  ...WEBHOOK_SUBSCRIBER,
  properties: { ...WEBHOOK_SUBSCRIBER.properties, secret: s.string('The signing secret, shown this once only') },
  required: [...(WEBHOOK_SUBSCRIBER.required ?? []), 'secret'],
};

export const WEBHOOK_SUBSCRIBERS: SchemaObject = s.object({ webhooks: s.array(WEBHOOK_SUBSCRIBER) });

/** The shape of DeliveryView (deliveries.controller.ts). */
export const ALERT_DELIVERY: SchemaObject = s.object({
  id: s.string(),
  deliveryId: s.string('Stable across retries and replays, for receivers to deduplicate'),
  alertId: s.string(),
  state: s.string('The alert state delivered'),
  eventType: s.string('dose-alert.<state>'),
  site: s.string(),
  channel: s.enum(DELIVERY_CHANNELS),
  target: s.string('The webhook subscriber id, or "email" for the e-mail channel'),
  status: s.enum(DELIVERY_STATUSES),
  attempts: s.integer(),
  nextAttemptAt: s.nullable(s.string('ISO 8601; null unless pending')),
  lastError: s.nullable(s.string()),
  createdAt: s.string('ISO 8601'),
  deliveredAt: s.nullable(s.string('ISO 8601')),
});

export const ALERT_DELIVERIES: SchemaObject = s.object({ deliveries: s.array(ALERT_DELIVERY) });
