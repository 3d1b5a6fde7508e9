import { createHash } from 'node:crypto';
import { looksLikeApiKey, newApiKey, parseApiKey, secretMatches } from './api-key-secret';

describe('API key secrets', () => {
  it('makes kerma_<16-character id>_<256-bit secret> keys, keeping only the SHA-256 of the secret', () => {
    const { keyId, key, secretSha256 } = newApiKey();
    expect(keyId).toMatch(/^[a-z0-9]{16}$/);
    const parsed = parseApiKey(key)!;
    expect(parsed.keyId).toBe(keyId);
    expect(Buffer.from(parsed.secret, 'base64url')).toHaveLength(32);
    expect(secretSha256).toBe(createHash('sha256').update(parsed.secret).digest('hex'));
    expect(key).not.toContain(secretSha256);
  });

  it('never makes the same key twice', () => {
    const keys = new Set(Array.from({ length: 200 }, () => newApiKey().keyId));
    expect(keys.size).toBe(200);
  });

  it('checks a presented secret against the stored hash only', () => {
    const { key, secretSha256 } = newApiKey();
    const { secret } = parseApiKey(key)!;
    expect(secretMatches(secret, secretSha256)).toBe(true);
    expect(secretMatches(`${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`, secretSha256)).toBe(false);
    expect(secretMatches(secret, 'abc')).toBe(false);
  });

  it('tells a key from an OIDC access token, and refuses malformed keys', () => {
    expect(looksLikeApiKey('kerma_x')).toBe(true);
    expect(looksLikeApiKey('eyJhbGciOiJSUzI1NiJ9.e30.sig')).toBe(false);
    expect(parseApiKey('kerma_short_secret')).toBeNull();
    expect(parseApiKey(`kerma_${'A'.repeat(16)}_${'a'.repeat(43)}`)).toBeNull();
    expect(parseApiKey(`kerma_${'a'.repeat(16)}_${'a'.repeat(43)} `)).toBeNull();
  });
});
