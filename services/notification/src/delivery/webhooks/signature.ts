import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'Kerma-Signature';
export const DELIVERY_ID_HEADER = 'Kerma-Delivery';
export const EVENT_TYPE_HEADER = 'Kerma-Event';

/** HMAC-SHA256 (hex) of `<timestamp>.<body>`: the timestamp is signed so a captured request cannot be replayed later. */
export function signatureOf(secret: string, timestampS: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampS}.${body}`).digest('hex');
}

/**
 * `t=<unix seconds>,v1=<hex>[,v1=<hex>]`: one v1 per valid secret, the newest first. During a
 * rotation's grace period the previous secret signs too, so a receiver holding either one verifies.
 */
export function signatureHeader(secrets: readonly string[], timestampS: number, body: string): string {
  return [`t=${timestampS}`, ...secrets.map((s) => `v1=${signatureOf(s, timestampS, body)}`)].join(',');
}

export type VerifyOutcome = { ok: true } | { ok: false; reason: 'malformed' | 'too-old' | 'no-match' };

/** What a receiver does (docs/webhooks.md shows the same in a few lines): any v1 matching any of its secrets, within the tolerance. */
export function verifySignature(header: string, body: string, secrets: readonly string[], nowS: number, toleranceS = 300): VerifyOutcome {
  const fields = header.split(',').map((f) => f.trim().split('='));
  const t = Number(fields.find(([k]) => k === 't')?.[1]);
  const signatures = fields.filter(([k, v]) => k === 'v1' && /^[0-9a-f]{64}$/.test(v ?? '')).map(([, v]) => Buffer.from(v, 'hex'));
  if (!Number.isInteger(t) || signatures.length === 0) return { ok: false, reason: 'malformed' };
  if (Math.abs(nowS - t) > toleranceS) return { ok: false, reason: 'too-old' };
  const expected = secrets.map((s) => Buffer.from(signatureOf(s, t, body), 'hex'));
  return signatures.some((sig) => expected.some((e) => timingSafeEqual(sig, e))) ? { ok: true } : { ok: false, reason: 'no-match' };
}
