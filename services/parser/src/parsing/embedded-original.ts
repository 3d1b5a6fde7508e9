import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { PermanentFailure } from '@kerma/messaging';
import type { RdsrReceivedV1 } from '@kerma/contracts';
import { verifyOriginal } from './verify-original';

const gunzipAsync = promisify(gunzip);

/**
 * Reads the original carried in rdsr.received (gzip then base64). Decompression is bounded by
 * `maxBytes` (a small event cannot expand into an unbounded buffer), and the result must match the
 * announced size and SHA-256. Every failure is permanent: the same event decodes the same way again.
 */
export async function readEmbeddedOriginal(
  original: NonNullable<RdsrReceivedV1['original']>,
  expected: { sha256: string; sizeBytes: number },
  maxBytes: number,
): Promise<Uint8Array> {
  if (expected.sizeBytes > maxBytes) {
    throw new PermanentFailure(`object of ${expected.sizeBytes} bytes exceeds the ${maxBytes}-byte limit (MAX_OBJECT_BYTES)`, 'object-too-large');
  }
  let bytes: Buffer;
  try {
    bytes = await gunzipAsync(Buffer.from(original.data, 'base64'), { maxOutputLength: maxBytes });
  } catch (err) {
    throw new PermanentFailure(`the original carried in the event cannot be decompressed: ${(err as Error).message}`, 'original-undecodable');
  }
  if (bytes.byteLength !== expected.sizeBytes) {
    throw new PermanentFailure(`the original carried in the event has ${bytes.byteLength} bytes, not the announced ${expected.sizeBytes}`, 'original-mismatch');
  }
  try {
    verifyOriginal(bytes, expected.sha256, 'carried');
  } catch (err) {
    throw new PermanentFailure((err as Error).message, 'original-mismatch');
  }
  return bytes;
}
