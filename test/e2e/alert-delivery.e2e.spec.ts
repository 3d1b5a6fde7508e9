import { randomUUID } from 'node:crypto';
import { DoseAlertV1, patientKey } from '@kerma/contracts';
import { deliveryIdOf, verifySignature, type DeliveryOptions } from '@kerma/notification';
import { startTestSmtpServer, startWebhookReceiver, TEST_CA_PEM, type TestSmtpServer, type WebhookReceiver } from '@kerma/testing';
import { eventually } from '@kerma/testing';
import { startTemporaryKerma, type TemporaryKerma } from '../support/temporary-kerma';

const SITE = 'e2e-delivery';
const PATIENT_ID = `DELIV-${randomUUID().slice(0, 8)}`;

function alertEvent(n: number): DoseAlertV1 {
  const studyInstanceUid = `1.2.826.0.1.3680043.8.498.${Date.now()}.${n}`;
  return DoseAlertV1.parse({
    eventId: randomUUID(),
    occurredAt: new Date().toISOString(),
    alertId: randomUUID(),
    site: SITE,
    patient: { id: PATIENT_ID, issuer: null, key: patientKey({ site: SITE, patientId: PATIENT_ID, issuer: null, studyInstanceUid }) },
    studyInstanceUid,
    metric: 'peak-skin-dose',
    measured: { value: 4.2, unit: 'Gy' },
    threshold: { value: 3, unit: 'Gy' },
    level: 'srdl',
    rule: { id: 'srdl.peak-skin-dose', description: 'Peak skin dose at or above 3 Gy', reference: 'NCRP Report 168 (2010)' },
    raisedAt: new Date().toISOString(),
  });
}

interface DeliveryRow {
  id: string;
  deliveryId: string;
  alertId: string;
  channel: string;
  target: string;
  status: string;
  attempts: number;
  lastError: string | null;
}

describe('alert delivery in the single-process app: signed webhooks with retries that survive a restart, dead-letter and replay, e-mail', () => {
  let kerma: TemporaryKerma;
  let receiver: WebhookReceiver;
  let smtp: TestSmtpServer;
  let subscriber: { id: string; secret: string };

  const delivery = (initialBackoffMs: number): DeliveryOptions => ({
    retry: { maxAttempts: 4, initialBackoffMs, maxBackoffMs: initialBackoffMs * 2 },
    attemptTimeoutMs: 5000,
    email: {
      smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
      from: 'kerma@example.org',
      tls: 'starttls-required',
      caPem: TEST_CA_PEM,
      recipientsBySite: { [SITE]: ['physics@example.org'] },
    },
    linkBaseUrl: 'https://kerma.example.org',
  });
  const api = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${kerma.url}${path}`, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const publish = (alert: DoseAlertV1) => kerma.bus.publish(DoseAlertV1.topic, alert.patient.key, JSON.stringify(alert));
  const deliveriesOf = async (alertId: string): Promise<DeliveryRow[]> => (await api(`/api/v1/alert-deliveries?alertId=${alertId}`)).body.deliveries;
  const webhookOf = async (alertId: string) => (await deliveriesOf(alertId)).find((d) => d.channel === 'webhook');
  const requestsFor = (alertId: string) => receiver.received.filter((r) => JSON.parse(r.body).alert.alertId === alertId);

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    smtp = await startTestSmtpServer('starttls');
    // A long first backoff: the restart below happens between the first and the second attempt.
    kerma = await startTemporaryKerma('alert-delivery', { defaultSite: SITE, alertDelivery: delivery(2000) });
    const created = await api('/api/v1/webhooks', {
      method: 'POST',
      body: JSON.stringify({ site: SITE, url: `${receiver.url}/hooks`, eventTypes: ['dose-alert.open'], description: 'ward system' }),
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    subscriber = created.body;
  }, 60_000);

  afterAll(async () => {
    await kerma?.stop();
    await receiver?.stop();
    await smtp?.stop();
  });

  it('never returns a secret after creation', async () => {
    const listed = await api(`/api/v1/webhooks?site=${SITE}`);
    expect(listed.body.webhooks).toEqual([
      {
        id: subscriber.id,
        site: SITE,
        url: `${receiver.url}/hooks`,
        eventTypes: ['dose-alert.open'],
        description: 'ward system',
        createdAt: expect.any(String),
        previousSecretValidUntil: null,
      },
    ]);
    expect(JSON.stringify((await api(`/api/v1/webhooks/${subscriber.id}`)).body)).not.toContain(subscriber.secret);
  });

  it('refuses a subscriber on http:// off the loopback, an unknown event type, and unknown fields, naming them', async () => {
    const refused = async (body: object) => {
      const response = await api('/api/v1/webhooks', { method: 'POST', body: JSON.stringify(body) });
      expect(response.status).toBe(400);
      return response.body.message as string;
    };
    expect(await refused({ site: SITE, url: 'http://ward.example.org/hooks', eventTypes: ['dose-alert.open'] })).toMatch(/url: must be an https:\/\/ URL/);
    expect(await refused({ site: SITE, url: 'https://ward.example.org/hooks', eventTypes: ['alert'] })).toMatch(
      /eventTypes\.0: event types are dose-alert\.<state>/,
    );
    expect(await refused({ site: SITE, url: 'https://ward.example.org/hooks', eventTypes: ['dose-alert.open'], secret: 'mine' })).toMatch(/secret/);
  });

  it('retries a failing receiver with backoff across a restart of the process, under one delivery id, and delivers once', async () => {
    receiver.failNext('/hooks', 2, 503);
    const alert = alertEvent(1);
    await publish(alert);
    await eventually(async () => (requestsFor(alert.alertId).length === 1 ? true : undefined), 'the first attempt');
    // Stopped between the first and the second attempt; started again on the same data.
    await kerma.app.close();
    expect(requestsFor(alert.alertId).map((r) => r.status)).toEqual([503]);
    kerma = await kerma.startAgain({ alertDelivery: delivery(300) });
    const delivered = await eventually(async () => {
      const row = await webhookOf(alert.alertId);
      return row?.status === 'delivered' ? row : undefined;
    }, 'the delivery after the restart');
    expect(delivered).toMatchObject({ deliveryId: deliveryIdOf(alert.alertId, 'open'), target: subscriber.id, attempts: 3, lastError: null });

    const requests = requestsFor(alert.alertId);
    expect(requests.map((r) => r.status)).toEqual([503, 503, 204]);
    for (const request of requests) {
      expect(request.headers['kerma-delivery']).toBe(deliveryIdOf(alert.alertId, 'open'));
      expect(request.headers['kerma-event']).toBe('dose-alert.open');
      expect(verifySignature(String(request.headers['kerma-signature']), request.body, [subscriber.secret], Math.floor(Date.now() / 1000))).toEqual({
        ok: true,
      });
      expect(JSON.parse(request.body)).toEqual({ deliveryId: deliveryIdOf(alert.alertId, 'open'), eventType: 'dose-alert.open', state: 'open', alert });
    }
    expect(verifySignature(String(requests[2].headers['kerma-signature']), requests[2].body, ['whsec_someone-else'], Math.floor(Date.now() / 1000))).toEqual({
      ok: false,
      reason: 'no-match',
    });

    // The same alert again (a redelivery on the topic): no second delivery.
    await publish(alert);
    await kerma.bus.drain();
    await new Promise((r) => setTimeout(r, 1000));
    expect(requestsFor(alert.alertId)).toHaveLength(3);
    expect((await deliveriesOf(alert.alertId)).filter((d) => d.channel === 'webhook')).toHaveLength(1);
  });

  it("e-mails the site's recipients over STARTTLS: study UID, metric, level, link; no patient id", async () => {
    const alert = alertEvent(2);
    await publish(alert);
    const mail = await eventually(async () => smtp.received.find((m) => m.text.includes(alert.studyInstanceUid)), 'the alert e-mail');
    expect(mail.secure).toBe(true);
    expect(mail.envelopeTo).toEqual(['physics@example.org']);
    expect(mail.subject).toBe(`Kerma dose alert: peak-skin-dose 4.2 Gy (srdl) at site ${SITE}`);
    expect(mail.text).toContain(`Study in Kerma: https://kerma.example.org/api/v1/studies/${alert.studyInstanceUid}`);
    expect(mail.text).toContain('Level: srdl');
    expect(mail.headers['kerma-delivery']).toBe(deliveryIdOf(alert.alertId, 'open'));
    expect(`${mail.subject}\n${mail.text}`).not.toContain(PATIENT_ID);
    await eventually(
      async () => ((await deliveriesOf(alert.alertId)).find((d) => d.channel === 'email')?.status === 'delivered' ? true : undefined),
      'the e-mail delivery to be recorded',
    );
  });

  it('dead-letters after the last attempt, and replays it under the same delivery id', async () => {
    receiver.answer('/hooks', 500);
    const alert = alertEvent(3);
    await publish(alert);
    const dead = await eventually(async () => {
      const row = await webhookOf(alert.alertId);
      return row?.status === 'dead' ? row : undefined;
    }, 'the dead letter');
    expect(dead).toMatchObject({ attempts: 4, lastError: 'receiver answered HTTP 500' });
    expect(requestsFor(alert.alertId).map((r) => r.status)).toEqual([500, 500, 500, 500]);
    expect((await api(`/api/v1/alert-deliveries?site=${SITE}&status=dead`)).body.deliveries.map((d: DeliveryRow) => d.id)).toContain(dead.id);

    receiver.answer('/hooks', 204);
    const replayed = await api(`/api/v1/alert-deliveries/${dead.id}/replay`, { method: 'POST' });
    expect(replayed).toMatchObject({ status: 200, body: { status: 'pending', attempts: 0 } });
    expect((await api(`/api/v1/alert-deliveries/${dead.id}/replay`, { method: 'POST' })).status).toBe(409);
    await eventually(async () => ((await webhookOf(alert.alertId))?.status === 'delivered' ? true : undefined), 'the replayed delivery');
    const requests = requestsFor(alert.alertId);
    expect(requests.map((r) => r.status)).toEqual([500, 500, 500, 500, 204]);
    expect(new Set(requests.map((r) => r.headers['kerma-delivery']))).toEqual(new Set([deliveryIdOf(alert.alertId, 'open')]));
  });

  it('after a secret rotation, signs with the new and, during the grace period, the previous secret', async () => {
    const rotated = await api(`/api/v1/webhooks/${subscriber.id}/rotate-secret`, { method: 'POST', body: JSON.stringify({ gracePeriodHours: 1 }) });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(subscriber.secret);
    expect(Date.parse(rotated.body.previousSecretValidUntil) - Date.now()).toBeGreaterThan(3_500_000);
    const alert = alertEvent(4);
    await publish(alert);
    const [request] = await eventually(async () => (requestsFor(alert.alertId).length > 0 ? requestsFor(alert.alertId) : undefined), 'the signed request');
    const nowS = Math.floor(Date.now() / 1000);
    expect(String(request.headers['kerma-signature']).match(/v1=/g)).toHaveLength(2);
    expect(verifySignature(String(request.headers['kerma-signature']), request.body, [rotated.body.secret], nowS)).toEqual({ ok: true });
    expect(verifySignature(String(request.headers['kerma-signature']), request.body, [subscriber.secret], nowS)).toEqual({ ok: true });

    // Without a grace period the replaced secret stops signing at once.
    const again = await api(`/api/v1/webhooks/${subscriber.id}/rotate-secret`, { method: 'POST', body: JSON.stringify({ gracePeriodHours: 0 }) });
    expect(again.body.previousSecretValidUntil).toBeNull();
    const next = alertEvent(5);
    await publish(next);
    const [last] = await eventually(
      async () => (requestsFor(next.alertId).length > 0 ? requestsFor(next.alertId) : undefined),
      'the request after the second rotation',
    );
    expect(verifySignature(String(last.headers['kerma-signature']), last.body, [rotated.body.secret], Math.floor(Date.now() / 1000))).toEqual({
      ok: false,
      reason: 'no-match',
    });
    expect(verifySignature(String(last.headers['kerma-signature']), last.body, [again.body.secret], Math.floor(Date.now() / 1000))).toEqual({ ok: true });
  });

  it('a removed subscriber gets nothing more', async () => {
    expect((await api(`/api/v1/webhooks/${subscriber.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(`/api/v1/webhooks/${subscriber.id}`)).status).toBe(404);
    const alert = alertEvent(6);
    await publish(alert);
    await eventually(
      async () => ((await deliveriesOf(alert.alertId)).some((d) => d.channel === 'email' && d.status === 'delivered') ? true : undefined),
      'the e-mail of the alert',
    );
    expect(await webhookOf(alert.alertId)).toBeUndefined();
    expect(requestsFor(alert.alertId)).toEqual([]);
  });
});
