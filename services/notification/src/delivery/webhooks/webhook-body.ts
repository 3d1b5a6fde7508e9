import type { DoseAlertV1 } from '@kerma/contracts';

/** The JSON a webhook receiver gets: the alert event as published on kerma.dose-alert.v1, with its delivery id and state. */
export interface WebhookBody {
  readonly deliveryId: string;
  readonly eventType: string;
  readonly state: string;
  readonly alert: DoseAlertV1;
}

/** Serialized once per attempt from the stored alert, always to the same bytes (the signature covers them). */
export function webhookBodyOf(delivery: { deliveryId: string; eventType: string; state: string; alert: string }): string {
  const body: WebhookBody = {
    deliveryId: delivery.deliveryId,
    eventType: delivery.eventType,
    state: delivery.state,
    alert: JSON.parse(delivery.alert) as DoseAlertV1,
  };
  return JSON.stringify(body);
}
