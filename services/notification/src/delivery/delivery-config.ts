import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { site } from '@kerma/contracts';
import { ConfigError, env, loadConfig } from '@kerma/platform';
import { DEFAULT_DELIVERY_OPTIONS, SMTP_TLS_MODES, type DeliveryOptions, type EmailOptions, type SmtpTlsMode } from './delivery-options';

const recipientsBySite = z.record(site, z.array(z.string().email('expected e-mail addresses')).min(1).max(100));

const shape = {
  KERMA_DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(DEFAULT_DELIVERY_OPTIONS.retry.maxAttempts),
  KERMA_DELIVERY_INITIAL_BACKOFF_MS: z.coerce.number().int().min(10).default(DEFAULT_DELIVERY_OPTIONS.retry.initialBackoffMs),
  KERMA_DELIVERY_MAX_BACKOFF_MS: z.coerce.number().int().min(10).default(DEFAULT_DELIVERY_OPTIONS.retry.maxBackoffMs),
  KERMA_DELIVERY_TIMEOUT_MS: env.positiveInt(DEFAULT_DELIVERY_OPTIONS.attemptTimeoutMs),
  KERMA_ALERT_LINK_BASE_URL: z.string().url('expected the http(s) URL of the Kerma API, e.g. https://kerma.example.org').optional(),
  KERMA_SMTP_URL: z
    .string()
    .refine((s) => /^smtps?:\/\/[^/?#]+\/?$/.test(s) && URL.canParse(s), 'expected smtp://[user:password@]host[:port] or smtps://…')
    .optional(),
  KERMA_SMTP_FROM: z.string().email('expected an e-mail address').optional(),
  KERMA_SMTP_TLS: z.enum(SMTP_TLS_MODES).optional(),
  KERMA_SMTP_CA_FILE: z.string().min(1).optional(),
  KERMA_ALERT_EMAIL_RECIPIENTS: z.string().optional(),
};

/**
 * Webhook retry limits and e-mail settings, validated at start-up; each problem names its variable.
 * E-mail is on when KERMA_SMTP_URL is set, and then needs a sender and recipients.
 */
export function deliveryOptionsFromEnv(source: NodeJS.ProcessEnv = process.env): DeliveryOptions {
  const cfg = loadConfig(shape, source);
  const problems: string[] = [];
  if (cfg.KERMA_DELIVERY_MAX_BACKOFF_MS < cfg.KERMA_DELIVERY_INITIAL_BACKOFF_MS)
    problems.push('KERMA_DELIVERY_MAX_BACKOFF_MS: must not be below KERMA_DELIVERY_INITIAL_BACKOFF_MS');
  const email = emailOptions(cfg, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    retry: {
      maxAttempts: cfg.KERMA_DELIVERY_MAX_ATTEMPTS,
      initialBackoffMs: cfg.KERMA_DELIVERY_INITIAL_BACKOFF_MS,
      maxBackoffMs: cfg.KERMA_DELIVERY_MAX_BACKOFF_MS,
    },
    attemptTimeoutMs: cfg.KERMA_DELIVERY_TIMEOUT_MS,
    email,
    linkBaseUrl: cfg.KERMA_ALERT_LINK_BASE_URL ?? null,
  };
}

function emailOptions(cfg: z.infer<z.ZodObject<typeof shape>>, problems: string[]): EmailOptions | null {
  const emailOnly = ['KERMA_SMTP_FROM', 'KERMA_SMTP_TLS', 'KERMA_SMTP_CA_FILE', 'KERMA_ALERT_EMAIL_RECIPIENTS'] as const;
  if (!cfg.KERMA_SMTP_URL) {
    for (const name of emailOnly) if (cfg[name] !== undefined) problems.push(`${name}: set without KERMA_SMTP_URL (e-mail is off)`);
    return null;
  }
  if (!cfg.KERMA_SMTP_FROM) problems.push('KERMA_SMTP_FROM: required with KERMA_SMTP_URL (the sender address)');
  const implicitScheme = cfg.KERMA_SMTP_URL.startsWith('smtps:');
  const tls: SmtpTlsMode = cfg.KERMA_SMTP_TLS ?? (implicitScheme ? 'implicit' : 'starttls-required');
  if (implicitScheme && tls !== 'implicit') problems.push(`KERMA_SMTP_TLS: ${tls} contradicts the smtps:// scheme of KERMA_SMTP_URL (implicit TLS)`);
  let caPem: string | null = null;
  if (cfg.KERMA_SMTP_CA_FILE) {
    try {
      caPem = readFileSync(cfg.KERMA_SMTP_CA_FILE, 'utf8');
      if (!caPem.includes('-----BEGIN CERTIFICATE-----')) problems.push('KERMA_SMTP_CA_FILE: not a PEM certificate file');
    } catch (err) {
      problems.push(`KERMA_SMTP_CA_FILE: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }
  let recipients: Record<string, string[]> = {};
  if (!cfg.KERMA_ALERT_EMAIL_RECIPIENTS) {
    problems.push(
      'KERMA_ALERT_EMAIL_RECIPIENTS: required with KERMA_SMTP_URL (JSON object of site → list of addresses, e.g. {"cath-lab-1":["physics@example.org"]})',
    );
  } else {
    try {
      const parsed = recipientsBySite.safeParse(JSON.parse(cfg.KERMA_ALERT_EMAIL_RECIPIENTS));
      if (parsed.success) recipients = parsed.data;
      else problems.push(`KERMA_ALERT_EMAIL_RECIPIENTS: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ')}`);
    } catch {
      problems.push('KERMA_ALERT_EMAIL_RECIPIENTS: not valid JSON (expected an object of site → list of addresses)');
    }
  }
  return { smtpUrl: cfg.KERMA_SMTP_URL, from: cfg.KERMA_SMTP_FROM ?? '', tls, caPem, recipientsBySite: recipients };
}
