import { HttpStatusError, PermanentFailure } from '@kerma/messaging';
import { verifyOriginal } from './verify-original';

/**
 * Fetches the original bytes announced in rdsr.received at its claim check (retrieveUrl), for an
 * object too large to travel in the event or announced by an older ingest. A 404 is permanent (the announcement
 * points nowhere), and so is an object over the size limit, which is refused before it is read
 * into memory. Network errors, timeouts and 5xx surface unchanged (fetch's own errors, HttpStatusError)
 * for the delivery policy's classifier, which waits for ingest to come back.
 */
export async function fetchObject(
  url: string,
  expectedSha256: string,
  maxBytes: number,
  timeoutMs: number,
  headers: Record<string, string> = {},
): Promise<Uint8Array> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
  if (response.status === 404) throw new PermanentFailure(`stored object not found at ${url}`, 'object-not-found');
  if (!response.ok || !response.body) throw new HttpStatusError(url, response.status);
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body.cancel();
    throw tooLarge(declared, maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) throw tooLarge(total, maxBytes);
    chunks.push(chunk);
  }
  const bytes = Buffer.concat(chunks);
  verifyOriginal(bytes, expectedSha256, 'fetched');
  return bytes;
}

function tooLarge(bytes: number, maxBytes: number): PermanentFailure {
  return new PermanentFailure(`object of ${bytes} bytes or more exceeds the ${maxBytes}-byte limit (MAX_OBJECT_BYTES)`, 'object-too-large');
}
