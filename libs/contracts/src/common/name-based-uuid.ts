import { createHash } from 'node:crypto';

/** Name-based UUID (RFC 4122 v5 layout) of its parts: the same parts always give the same id (event ids consumers dedupe on). */
export function nameBasedUuid(parts: readonly string[]): string {
  const hash = createHash('sha1').update(parts.join('|')).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
