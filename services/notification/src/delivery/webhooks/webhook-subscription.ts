import { z } from 'zod';
import { site } from '@kerma/contracts';
import { EVENT_TYPE_PATTERN } from '../alert-state';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A receiver's address: https, or http only on the loopback interface (a relay on the same host).
 * Webhook bodies carry the alert as published, patient reference included: never in clear text on a network.
 */
export const webhookUrl = z
  .string()
  .max(2048)
  .url()
  .refine((s) => {
    const url = new URL(s);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  }, 'must be an https:// URL (http:// only on the loopback interface)')
  .refine((s) => new URL(s).username === '' && new URL(s).password === '', 'must not carry credentials (requests are signed instead)');

export const createSubscriptionSchema = z
  .object({
    site,
    url: webhookUrl,
    eventTypes: z.array(z.string().regex(EVENT_TYPE_PATTERN, 'event types are dose-alert.<state>, e.g. dose-alert.open')).min(1).max(16),
    description: z.string().min(1).max(256).optional(),
  })
  .strict();
export type CreateSubscription = z.infer<typeof createSubscriptionSchema>;

export const rotateSecretSchema = z
  .object({
    /** How long the replaced secret keeps signing (0: at once only the new one). */
    gracePeriodHours: z
      .number()
      .min(0)
      .max(24 * 30)
      .default(24),
  })
  .strict();
