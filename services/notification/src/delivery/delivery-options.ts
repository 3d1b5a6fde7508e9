import type { OutboxRetryPolicy } from '@kerma/platform';

export const DELIVERY_OPTIONS = Symbol('DELIVERY_OPTIONS');

/**
 * How often a failed delivery is tried again: delay = min(maxBackoffMs, initialBackoffMs · 2^(attempt−1)); after
 * maxAttempts it is dead-lettered (kept, listed, replayable).
 */
export type DeliveryRetryPolicy = OutboxRetryPolicy;

/** How the SMTP client secures its connection. */
export const SMTP_TLS_MODES = ['starttls-required', 'starttls-optional', 'implicit'] as const;
export type SmtpTlsMode = (typeof SMTP_TLS_MODES)[number];

export interface EmailOptions {
  /** smtp://[user:password@]host[:port] (smtps:// for implicit TLS). */
  readonly smtpUrl: string;
  readonly from: string;
  readonly tls: SmtpTlsMode;
  /** PEM of the certificate authorities to trust for the SMTP server, in place of the system ones. */
  readonly caPem: string | null;
  /** Who receives a site's alerts; a site not listed gets no e-mail. */
  readonly recipientsBySite: Readonly<Record<string, readonly string[]>>;
}

export interface DeliveryOptions {
  readonly retry: DeliveryRetryPolicy;
  /** Longest wait for a webhook receiver's or SMTP server's answer. */
  readonly attemptTimeoutMs: number;
  /** Null: no e-mail. */
  readonly email: EmailOptions | null;
  /** Base URL of the Kerma API that links in messages point to (the study view); null: no link. */
  readonly linkBaseUrl: string | null;
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = {
  retry: { maxAttempts: 8, initialBackoffMs: 10_000, maxBackoffMs: 3_600_000 },
  attemptTimeoutMs: 10_000,
  email: null,
  linkBaseUrl: null,
};
