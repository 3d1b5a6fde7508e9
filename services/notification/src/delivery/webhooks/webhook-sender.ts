import type { AttemptOutcome } from '@kerma/platform';
import { DELIVERY_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature';

export interface WebhookRequest {
  readonly url: string;
  readonly body: string;
  readonly deliveryId: string;
  readonly eventType: string;
  readonly secrets: readonly string[];
}

/**
 * One signed POST. Only a 2xx answer counts as delivered; redirects are not followed (a receiver that
 * moved is re-registered, not guessed at). The receiver's answer body is never logged: it may echo data.
 */
export async function postWebhook(request: WebhookRequest, timeoutMs: number, now: Date = new Date()): Promise<AttemptOutcome> {
  const timestampS = Math.floor(now.getTime() / 1000);
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Kerma-Webhooks/1',
        [DELIVERY_ID_HEADER]: request.deliveryId,
        [EVENT_TYPE_HEADER]: request.eventType,
        [SIGNATURE_HEADER]: signatureHeader(request.secrets, timestampS, request.body),
      },
      body: request.body,
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.ok ? { ok: true } : { ok: false, error: `receiver answered HTTP ${response.status}`, retry: true };
  } catch (err) {
    const cause = (err as Error & { cause?: Error }).cause;
    return { ok: false, error: `request failed: ${(cause ?? (err as Error)).message}`.slice(0, 500), retry: true };
  }
}
