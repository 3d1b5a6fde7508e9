import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { AttemptOutcome } from '@kerma/platform';
import { DELIVERY_OPTIONS, type DeliveryOptions, type EmailOptions } from '../delivery-options';
import type { AlertEmail } from './alert-email';

/** nodemailer's SMTP settings for the configured URL and TLS mode. */
export function smtpTransportOptions(email: EmailOptions, timeoutMs: number): SMTPTransport.Options {
  const url = new URL(email.smtpUrl);
  const implicit = email.tls === 'implicit';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : implicit ? 465 : 587,
    secure: implicit,
    requireTLS: email.tls === 'starttls-required',
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    tls: email.caPem ? { ca: email.caPem } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  };
}

/** Sends alert e-mails through the configured SMTP server. */
@Injectable()
export class EmailSender implements OnApplicationShutdown {
  private transport: Transporter<SMTPTransport.SentMessageInfo> | null = null;

  constructor(@Inject(DELIVERY_OPTIONS) private readonly options: DeliveryOptions) {}

  async send(site: string, deliveryId: string, message: AlertEmail): Promise<AttemptOutcome> {
    const email = this.options.email;
    if (!email) return { ok: false, error: 'e-mail is not configured', retry: false };
    const to = email.recipientsBySite[site] ?? [];
    if (to.length === 0) return { ok: false, error: `no e-mail recipients for site ${site}`, retry: false };
    this.transport ??= createTransport(smtpTransportOptions(email, this.options.attemptTimeoutMs));
    try {
      const info = await this.transport.sendMail({
        from: email.from,
        to: [...to],
        subject: message.subject,
        text: message.text,
        // The same Message-ID on every attempt of one delivery: mail systems and readers can deduplicate it.
        messageId: `<${deliveryId}@kerma>`,
        headers: { 'Kerma-Delivery': deliveryId },
      });
      return info.rejected.length > 0 && info.accepted.length === 0 ? { ok: false, error: 'every recipient was rejected', retry: true } : { ok: true };
    } catch (err) {
      return { ok: false, error: `SMTP: ${(err as Error).message}`.slice(0, 500), retry: true };
    }
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
