import { startTestSmtpServer, TEST_CA_PEM, type TestSmtpServer } from '@kerma/testing';
import { DEFAULT_DELIVERY_OPTIONS, type EmailOptions, type SmtpTlsMode } from '../delivery-options';
import { EmailSender } from './email-sender';

const MESSAGE = { subject: 'Kerma dose alert: peak-skin-dose 4.1 Gy (srdl) at site cath-1', text: 'Study instance UID: 1.2.3\n' };

describe('EmailSender against a real SMTP server', () => {
  const servers: TestSmtpServer[] = [];
  const senders: EmailSender[] = [];
  afterAll(async () => {
    senders.forEach((s) => s.onApplicationShutdown());
    await Promise.all(servers.map((s) => s.stop()));
  });

  async function setUp(serverTls: 'none' | 'starttls' | 'implicit', tls: SmtpTlsMode, caPem: string | null) {
    const server = await startTestSmtpServer(serverTls);
    servers.push(server);
    const email: EmailOptions = {
      smtpUrl: `${tls === 'implicit' ? 'smtps' : 'smtp'}://127.0.0.1:${server.port}`,
      from: 'kerma@example.org',
      tls,
      caPem,
      recipientsBySite: { 'cath-1': ['physics@example.org', 'cardiology@example.org'] },
    };
    const sender = new EmailSender({ ...DEFAULT_DELIVERY_OPTIONS, attemptTimeoutMs: 5000, email });
    senders.push(sender);
    return { server, sender };
  }

  it("STARTTLS required, server certificate checked against the configured CA: delivered encrypted to the site's recipients", async () => {
    const { server, sender } = await setUp('starttls', 'starttls-required', TEST_CA_PEM);
    expect(await sender.send('cath-1', 'd-1', MESSAGE)).toEqual({ ok: true });
    expect(server.received).toHaveLength(1);
    const [mail] = server.received;
    expect(mail.secure).toBe(true);
    expect(mail.envelopeFrom).toBe('kerma@example.org');
    expect(mail.envelopeTo).toEqual(['physics@example.org', 'cardiology@example.org']);
    expect(mail.subject).toBe(MESSAGE.subject);
    expect(mail.text.trim()).toBe('Study instance UID: 1.2.3');
    expect(mail.headers['message-id']).toBe('<d-1@kerma>');
    expect(mail.headers['kerma-delivery']).toBe('d-1');
  });

  it('implicit TLS (smtps)', async () => {
    const { server, sender } = await setUp('implicit', 'implicit', TEST_CA_PEM);
    expect(await sender.send('cath-1', 'd-2', MESSAGE)).toEqual({ ok: true });
    expect(server.received.map((m) => m.secure)).toEqual([true]);
  });

  it('STARTTLS required but not offered by the server: not sent, a retryable failure', async () => {
    const { server, sender } = await setUp('none', 'starttls-required', null);
    const outcome = await sender.send('cath-1', 'd-3', MESSAGE);
    expect(outcome).toEqual({ ok: false, retry: true, error: expect.stringMatching(/^SMTP: .*STARTTLS/i) });
    expect(server.received).toEqual([]);
  });

  it('a server certificate the CA does not vouch for: not sent', async () => {
    const { server, sender } = await setUp('starttls', 'starttls-required', null);
    const outcome = await sender.send('cath-1', 'd-4', MESSAGE);
    expect(outcome).toEqual({ ok: false, retry: true, error: expect.stringMatching(/certificate/i) });
    expect(server.received).toEqual([]);
  });

  it('STARTTLS optional with a server that offers none: sent in clear (a relay on the same host)', async () => {
    const { server, sender } = await setUp('none', 'starttls-optional', null);
    expect(await sender.send('cath-1', 'd-5', MESSAGE)).toEqual({ ok: true });
    expect(server.received.map((m) => m.secure)).toEqual([false]);
  });

  it('a site without recipients gets nothing, and it is not retried', async () => {
    const { server, sender } = await setUp('none', 'starttls-optional', null);
    expect(await sender.send('other-site', 'd-6', MESSAGE)).toEqual({ ok: false, retry: false, error: 'no e-mail recipients for site other-site' });
    expect(server.received).toEqual([]);
  });
});
