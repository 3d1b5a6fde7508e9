import { createHmac } from 'node:crypto';
import { signatureHeader, verifySignature } from './signature';

describe('webhook signatures', () => {
  const body = '{"deliveryId":"d","alert":{"x":1}}';
  const t = 1_800_000_000;

  it('is HMAC-SHA256 in hex over "<timestamp>.<body>", in a t=…,v1=… header', () => {
    const expected = createHmac('sha256', 'whsec_a').update(`${t}.${body}`).digest('hex');
    expect(signatureHeader(['whsec_a'], t, body)).toBe(`t=${t},v1=${expected}`);
  });

  it('verifies with the secret, within the tolerance, and on the exact body only', () => {
    const header = signatureHeader(['whsec_a'], t, body);
    expect(verifySignature(header, body, ['whsec_a'], t + 10)).toEqual({ ok: true });
    expect(verifySignature(header, body, ['whsec_b'], t + 10)).toEqual({ ok: false, reason: 'no-match' });
    expect(verifySignature(header, body.replace('1', '2'), ['whsec_a'], t)).toEqual({ ok: false, reason: 'no-match' });
    expect(verifySignature(header, body, ['whsec_a'], t + 301)).toEqual({ ok: false, reason: 'too-old' });
    expect(verifySignature('v1=abc', body, ['whsec_a'], t)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('during a rotation, signs with both secrets (newest first): a receiver holding either verifies', () => {
    const header = signatureHeader(['whsec_new', 'whsec_old'], t, body);
    expect(header.split(',')).toHaveLength(3);
    expect(header.split(',')[1]).toBe(signatureHeader(['whsec_new'], t, body).split(',')[1]);
    expect(verifySignature(header, body, ['whsec_old'], t)).toEqual({ ok: true });
    expect(verifySignature(header, body, ['whsec_new'], t)).toEqual({ ok: true });
    expect(verifySignature(header, body, ['whsec_other'], t)).toEqual({ ok: false, reason: 'no-match' });
  });
});
