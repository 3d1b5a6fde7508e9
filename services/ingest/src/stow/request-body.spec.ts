import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { ArchiveStore } from '../archive/archive-store';
import { receiveStowBody, stowFramingOf, StowRequestError } from './request-body';
import { MultipartStreamParser } from './multipart-stream';

function multipart(boundary: string, parts: { type?: string; body: string | Buffer }[]): Buffer {
  return Buffer.concat([
    ...parts.flatMap((p) => [Buffer.from(`--${boundary}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`), Buffer.from(p.body), Buffer.from('\r\n')]),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
}

/** A request whose body arrives in chunks of `chunkBytes`, as from a socket. */
function request(body: Buffer, chunkBytes: number, headers: Record<string, string> = {}): IncomingMessage {
  const chunks: Buffer[] = [];
  for (let i = 0; i < body.length; i += chunkBytes) chunks.push(body.subarray(i, i + chunkBytes));
  return Object.assign(Readable.from(chunks), { headers }) as unknown as IncomingMessage;
}

describe('stowFramingOf', () => {
  it('reads the boundary of multipart/related, quoted or not', () => {
    expect(stowFramingOf('multipart/related; type="application/dicom"; boundary=b1')).toEqual({ kind: 'multipart', boundary: 'b1' });
    expect(stowFramingOf('multipart/related; boundary="a b"; type=application/dicom')).toEqual({ kind: 'multipart', boundary: 'a b' });
    expect(stowFramingOf('application/dicom')).toEqual({ kind: 'single' });
  });

  it.each([
    ['application/json', 415, /unsupported media type "application\/json"/],
    [undefined, 415, /\(none\)/],
    ['multipart/related; type="application/dicom+xml"; boundary=b', 415, /application\/dicom\+xml/],
    ['multipart/related; type="application/dicom"', 400, /boundary/],
  ])('refuses content type %s with %i', (contentType, status, message) => {
    try {
      stowFramingOf(contentType);
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(StowRequestError);
      expect((err as StowRequestError).status).toBe(status);
      expect((err as Error).message).toMatch(message);
    }
  });
});

describe('MultipartStreamParser', () => {
  const body = multipart('bnd', [{ type: 'application/dicom', body: 'first part\r\n--bn not a delimiter' }, { body: 'second' }]);

  it.each([1, 2, 3, 7, 64, body.length])('finds the same parts whatever the chunking (%i-byte chunks)', (size) => {
    const parser = new MultipartStreamParser('bnd');
    const parts: { type?: string; content: Buffer[] }[] = [];
    for (let i = 0; i < body.length; i += size) {
      for (const e of parser.write(body.subarray(i, i + size))) {
        if (e.kind === 'part-start') parts.push({ type: e.headers.get('content-type'), content: [] });
        if (e.kind === 'part-data') parts.at(-1)!.content.push(Buffer.from(e.bytes));
      }
    }
    parser.end();
    expect(parts.map((p) => [p.type, Buffer.concat(p.content).toString()])).toEqual([
      ['application/dicom', 'first part\r\n--bn not a delimiter'],
      [undefined, 'second'],
    ]);
  });

  it('refuses a body cut before its closing boundary', () => {
    const parser = new MultipartStreamParser('bnd');
    parser.write(body.subarray(0, body.length - 10));
    expect(() => parser.end()).toThrow(/closing boundary/);
  });
});

describe('receiveStowBody', () => {
  let root: string;
  let archive: ArchiveStore;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kerma-stow-body-'));
    archive = new ArchiveStore(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const spooled = () => readdirSync(join(root, '.incoming'));

  it('spools each part to its own file with its SHA-256', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    const files = await receiveStowBody(
      request(
        multipart('b1', [
          { type: 'application/dicom', body: big },
          { type: 'application/dicom', body: 'two' },
        ]),
        65536,
      ),
      { kind: 'multipart', boundary: 'b1' },
      archive,
      10 * 1024 * 1024,
    );
    expect(files.map((f) => f.sizeBytes)).toEqual([big.length, 3]);
    expect(readFileSync(files[0].path).equals(big)).toBe(true);
    expect(files[1].sha256).toBe(ArchiveStore.sha256(Buffer.from('two')));
  });

  it('refuses a part of another media type, naming it, and leaves no file behind', async () => {
    const req = request(
      multipart('b2', [
        { type: 'application/dicom', body: 'x' },
        { type: 'text/plain', body: 'hello' },
      ]),
      5,
    );
    await expect(receiveStowBody(req, { kind: 'multipart', boundary: 'b2' }, archive, 1000)).rejects.toThrow(/text\/plain/);
    expect(spooled()).toEqual([]);
  });

  it('refuses a body over the limit with 413 naming MAX_REQUEST_BYTES, and leaves no file behind', async () => {
    const req = request(multipart('b3', [{ type: 'application/dicom', body: Buffer.alloc(5000) }]), 512);
    const refused = receiveStowBody(req, { kind: 'multipart', boundary: 'b3' }, archive, 4096);
    await expect(refused).rejects.toMatchObject({ status: 413, message: expect.stringMatching(/MAX_REQUEST_BYTES \(4096 bytes\)/) });
    expect(spooled()).toEqual([]);
  });

  it('refuses a multipart body without parts', async () => {
    await expect(receiveStowBody(request(Buffer.from('--b4--\r\n'), 100), { kind: 'multipart', boundary: 'b4' }, archive, 1000)).rejects.toMatchObject({
      status: 400,
    });
  });
});
