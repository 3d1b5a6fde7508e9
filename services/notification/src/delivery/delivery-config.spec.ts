import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deliveryOptionsFromEnv } from './delivery-config';
import { DEFAULT_DELIVERY_OPTIONS } from './delivery-options';

const email = {
  KERMA_SMTP_URL: 'smtp://relay.example.org:587',
  KERMA_SMTP_FROM: 'kerma@example.org',
  KERMA_ALERT_EMAIL_RECIPIENTS: '{"cath-1":["physics@example.org"]}',
};

describe('deliveryOptionsFromEnv', () => {
  it('defaults to webhooks only, with the default retry policy', () => {
    expect(deliveryOptionsFromEnv({})).toEqual(DEFAULT_DELIVERY_OPTIONS);
  });

  it('reads e-mail settings: STARTTLS required by default, implicit TLS with smtps://', () => {
    expect(deliveryOptionsFromEnv(email).email).toEqual({
      smtpUrl: email.KERMA_SMTP_URL,
      from: 'kerma@example.org',
      tls: 'starttls-required',
      caPem: null,
      recipientsBySite: { 'cath-1': ['physics@example.org'] },
    });
    expect(deliveryOptionsFromEnv({ ...email, KERMA_SMTP_URL: 'smtps://u:p@relay.example.org' }).email?.tls).toBe('implicit');
  });

  it('reads the CA file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kerma-ca-')), 'ca.pem');
    writeFileSync(file, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    expect(deliveryOptionsFromEnv({ ...email, KERMA_SMTP_CA_FILE: file }).email?.caPem).toContain('BEGIN CERTIFICATE');
  });

  it.each([
    [{ ...email, KERMA_SMTP_URL: 'http://relay.example.org' }, /KERMA_SMTP_URL: expected smtp:\/\//],
    [{ ...email, KERMA_SMTP_FROM: undefined }, /KERMA_SMTP_FROM: required with KERMA_SMTP_URL/],
    [{ ...email, KERMA_SMTP_FROM: 'not an address' }, /KERMA_SMTP_FROM: expected an e-mail address/],
    [{ ...email, KERMA_ALERT_EMAIL_RECIPIENTS: undefined }, /KERMA_ALERT_EMAIL_RECIPIENTS: required/],
    [{ ...email, KERMA_ALERT_EMAIL_RECIPIENTS: '{cath-1: x}' }, /KERMA_ALERT_EMAIL_RECIPIENTS: not valid JSON/],
    [{ ...email, KERMA_ALERT_EMAIL_RECIPIENTS: '{"cath-1":["nobody"]}' }, /KERMA_ALERT_EMAIL_RECIPIENTS: cath-1.0: expected e-mail addresses/],
    [{ ...email, KERMA_ALERT_EMAIL_RECIPIENTS: '{"cath 1":["a@example.org"]}' }, /KERMA_ALERT_EMAIL_RECIPIENTS: .*site ids/],
    [{ ...email, KERMA_SMTP_TLS: 'sometimes' }, /KERMA_SMTP_TLS:/],
    [
      { ...email, KERMA_SMTP_URL: 'smtps://relay.example.org', KERMA_SMTP_TLS: 'starttls-required' },
      /KERMA_SMTP_TLS: starttls-required contradicts the smtps:\/\/ scheme/,
    ],
    [{ ...email, KERMA_SMTP_CA_FILE: '/nonexistent/ca.pem' }, /KERMA_SMTP_CA_FILE: cannot be read \(ENOENT\)/],
    [{ KERMA_SMTP_FROM: 'kerma@example.org' }, /KERMA_SMTP_FROM: set without KERMA_SMTP_URL/],
    [{ KERMA_DELIVERY_MAX_ATTEMPTS: '0' }, /KERMA_DELIVERY_MAX_ATTEMPTS:/],
    [{ KERMA_DELIVERY_INITIAL_BACKOFF_MS: '5000', KERMA_DELIVERY_MAX_BACKOFF_MS: '1000' }, /KERMA_DELIVERY_MAX_BACKOFF_MS: must not be below/],
  ])('names the bad variable (%#)', (source, message) => {
    expect(() => deliveryOptionsFromEnv(source as NodeJS.ProcessEnv)).toThrow(message);
  });

  it('never echoes the SMTP password', () => {
    expect(() => deliveryOptionsFromEnv({ ...email, KERMA_SMTP_URL: 'smtp://u:s3cret@relay.example.org/x?y' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('s3cret') }),
    );
  });
});
