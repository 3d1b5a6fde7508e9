import { PermanentFailure } from '@kerma/messaging';

/**
 * Fetches the original bytes announced in rdsr.received. A 404 is permanent (the announcement
 * points nowhere); network errors and 5xx are transient and left to the retry policy.
 */
export async function fetchObject(url: string, expectedSha256: string, maxBytes: number, timeoutMs: number): Promise<Uint8Array> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (response.status === 404) throw new PermanentFailure(`stored object not found at ${url}`, 'object-not-found');
  if (!response.ok) throw new Error(`fetching ${url} failed with HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw new PermanentFailure(`object of ${bytes.byteLength} bytes exceeds the ${maxBytes}-byte limit`, 'object-too-large');
  const { createHash } = await import('node:crypto');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== expectedSha256) throw new Error(`fetched bytes do not match the announced SHA-256 (${sha256} ≠ ${expectedSha256})`);
  return bytes;
}
