import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'kerma_';
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const KEY_PATTERN = /^kerma_([a-z0-9]{16})_([A-Za-z0-9_-]{43})$/;

/** An API key as shown once to its creator, and what is kept of it. */
export interface NewApiKey {
  readonly keyId: string;
  /** `kerma_<keyId>_<secret>`: 256 random bits of secret, base64url. */
  readonly key: string;
  readonly secretSha256: string;
}

/**
 * A new key. The secret has 256 bits of entropy, so a plain SHA-256 is enough to store it (a slow
 * password hash protects guessable secrets; nothing is guessable here) and keeps verification cheap
 * on every request.
 */
export function newApiKey(): NewApiKey {
  const idBytes = randomBytes(16);
  const keyId = [...idBytes].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
  const secret = randomBytes(32).toString('base64url');
  return { keyId, key: `${PREFIX}${keyId}_${secret}`, secretSha256: sha256Hex(secret) };
}

/** The key id and secret of a presented key; null when the text is not shaped like a Kerma key. */
export function parseApiKey(text: string): { keyId: string; secret: string } | null {
  const match = KEY_PATTERN.exec(text);
  return match ? { keyId: match[1], secret: match[2] } : null;
}

export function looksLikeApiKey(text: string): boolean {
  return text.startsWith(PREFIX);
}

/** Constant-time comparison of a presented secret with the stored hash. */
export function secretMatches(secret: string, storedSha256: string): boolean {
  const presented = Buffer.from(sha256Hex(secret), 'hex');
  const stored = Buffer.from(storedSha256, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
