import { randomBytes } from 'node:crypto';

/** A new signing secret: 256 random bits, prefixed so it is recognisable in a receiver's configuration. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
