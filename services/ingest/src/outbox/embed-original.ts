import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { createGzip, gzip as gzipCallback } from 'node:zlib';
import type { RdsrReceivedV1 } from '@kerma/contracts';

export type EmbeddedOriginal = NonNullable<RdsrReceivedV1['original']>;

/** Files up to this size are read and compressed whole rather than streamed. */
const WHOLE_FILE_BYTES = 1024 * 1024;
const gzipWhole = promisify(gzipCallback);

/**
 * Compresses an archived original for rdsr.received, or answers null when its compressed form is
 * larger than `maxCompressedBytes` (the event then carries only the claim check, retrieveUrl).
 * Streams a large file and stops reading as soon as the ceiling is passed, so a large object is never
 * read whole to find out it does not fit. Compression runs on libuv's thread pool, off the event loop.
 */
export async function embedOriginal(path: string, maxCompressedBytes: number): Promise<EmbeddedOriginal | null> {
  // A typical dose report (tens of kilobytes) in one read and one compression: streams cost more than the bytes.
  if ((await stat(path)).size <= WHOLE_FILE_BYTES) {
    const compressed = await gzipWhole(await readFile(path));
    return compressed.byteLength > maxCompressedBytes ? null : { encoding: 'gzip+base64', data: compressed.toString('base64') };
  }
  const source = createReadStream(path);
  const gzip = createGzip();
  source.on('error', (err) => gzip.destroy(err));
  source.pipe(gzip);
  const chunks: Buffer[] = [];
  let compressedBytes = 0;
  try {
    for await (const chunk of gzip as AsyncIterable<Buffer>) {
      compressedBytes += chunk.byteLength;
      if (compressedBytes > maxCompressedBytes) return null;
      chunks.push(chunk);
    }
  } finally {
    source.destroy();
    gzip.destroy();
  }
  return { encoding: 'gzip+base64', data: Buffer.concat(chunks).toString('base64') };
}
