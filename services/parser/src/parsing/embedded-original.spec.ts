import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { PermanentFailure } from '@kerma/messaging';
import { generateRdsr, procedureSpec } from '@kerma/testing';
import { readEmbeddedOriginal } from './embedded-original';

const bytes = Buffer.from(generateRdsr(procedureSpec({ seed: 31, events: 6 })));
const sha256 = createHash('sha256').update(bytes).digest('hex');
const original = { encoding: 'gzip+base64' as const, data: gzipSync(bytes).toString('base64') };

async function failure(promise: Promise<unknown>): Promise<PermanentFailure> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PermanentFailure);
  return err as PermanentFailure;
}

describe('readEmbeddedOriginal', () => {
  it('gives back the bytes ingest stored', async () => {
    const read = await readEmbeddedOriginal(original, { sha256, sizeBytes: bytes.byteLength }, 1024 * 1024);
    expect(Buffer.from(read).equals(bytes)).toBe(true);
  });

  it('refuses bytes that do not match the announced SHA-256', async () => {
    const other = Buffer.from(bytes);
    other[other.byteLength - 1] ^= 0xff;
    const err = await failure(
      readEmbeddedOriginal({ ...original, data: gzipSync(other).toString('base64') }, { sha256, sizeBytes: bytes.byteLength }, 1024 * 1024),
    );
    expect(err.message).toContain('SHA-256');
  });

  it('refuses a size other than the announced one', async () => {
    const err = await failure(readEmbeddedOriginal(original, { sha256, sizeBytes: bytes.byteLength + 1 }, 1024 * 1024));
    expect(err.message).toContain(`has ${bytes.byteLength} bytes, not the announced ${bytes.byteLength + 1}`);
  });

  it('refuses data that is not gzip', async () => {
    const err = await failure(readEmbeddedOriginal({ ...original, data: bytes.toString('base64') }, { sha256, sizeBytes: bytes.byteLength }, 1024 * 1024));
    expect(err.message).toContain('cannot be decompressed');
  });

  it('never decompresses beyond the object size limit, whatever the event announces', async () => {
    const bomb = { ...original, data: gzipSync(Buffer.alloc(4 * 1024 * 1024)).toString('base64') };
    const err = await failure(readEmbeddedOriginal(bomb, { sha256, sizeBytes: 1000 }, 64 * 1024));
    expect(err.message).toContain('cannot be decompressed');
    const announcedTooLarge = await failure(readEmbeddedOriginal(original, { sha256, sizeBytes: 128 * 1024 }, 64 * 1024));
    expect(announcedTooLarge.message).toContain('MAX_OBJECT_BYTES');
  });
});
