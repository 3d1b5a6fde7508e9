import { createHash } from 'node:crypto';

/** The bytes read for an announced object must be the ones ingest stored: same SHA-256. */
export function verifyOriginal(bytes: Uint8Array, expectedSha256: string, origin: string): void {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== expectedSha256) throw new Error(`${origin} bytes do not match the announced SHA-256 (${sha256} ≠ ${expectedSha256})`);
}
