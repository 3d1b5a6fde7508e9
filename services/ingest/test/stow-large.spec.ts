import { request as httpRequest } from 'node:http';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateRdsr, procedureSpec } from '@kerma/testing';
import { startIngestApp, type IngestTestApp } from './ingest-app';

const MiB = 1024 * 1024;

function multipart(boundary: string, parts: readonly Uint8Array[]): Buffer {
  return Buffer.concat([
    ...parts.flatMap((p) => [Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), Buffer.from(p), Buffer.from('\r\n')]),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
}

/** Files still in the spool folder of the archive (none once a request was answered). */
const spooled = (ingest: IngestTestApp): string[] => {
  try {
    return readdirSync(join(ingest.dataDir, 'archive', '.incoming'));
  } catch {
    return [];
  }
};

const contentType = (boundary: string) => `multipart/related; type="application/dicom"; boundary=${boundary}`;

async function stow(url: string, body: Buffer, boundary: string): Promise<{ status: number; json: any; headers: Headers }> {
  const response = await fetch(`${url}/dicomweb/studies`, { method: 'POST', headers: { 'content-type': contentType(boundary) }, body });
  return { status: response.status, json: await response.json(), headers: response.headers };
}

describe('STOW-RS of large requests over HTTP', () => {
  describe('a 50 MB multipart/related request of 3 MB reports', () => {
    let ingest: IngestTestApp;
    beforeAll(async () => {
      ingest = await startIngestApp({ maxRequestBytes: 64 * MiB });
    });
    afterAll(() => ingest.close());

    it('stores every part (each well over the 2 MiB a buffering parser allowed)', async () => {
      const reports = Array.from({ length: 17 }, (_, i) => generateRdsr(procedureSpec({ seed: 9100 + i, events: 400 })));
      expect(Math.min(...reports.map((r) => r.length))).toBeGreaterThan(2 * MiB);
      const body = multipart('large-body', reports);
      expect(body.length).toBeGreaterThan(50 * 1000 * 1000);

      const { status, json } = await stow(ingest.url, body, 'large-body');
      expect(status).toBe(200);
      const referenced = json['00081199'].Value as Record<string, { Value: string[] }>[];
      expect(referenced).toHaveLength(17);
      const retrieved = Buffer.from(await (await fetch(referenced[16]['00081190'].Value[0])).arrayBuffer());
      expect(retrieved.equals(Buffer.from(reports[16]))).toBe(true);
      expect(spooled(ingest)).toEqual([]);
    }, 120_000);
  });

  describe('limits', () => {
    let ingest: IngestTestApp;
    beforeAll(async () => {
      ingest = await startIngestApp({ maxRequestBytes: 8 * MiB, maxConcurrentLargeUploads: 1, largeUploadBytes: 1 * MiB });
    });
    afterAll(() => ingest.close());

    it.each([
      ['declared in Content-Length', true],
      ['found while streaming a chunked body', false],
    ])(
      'answers 413 naming MAX_REQUEST_BYTES for a request over it (%s), and keeps nothing of it',
      async (_, declared) => {
        const reports = [9201, 9202, 9203].map((seed) => generateRdsr(procedureSpec({ seed, events: 400 })));
        const body = multipart('too-large', reports);
        const { status, json } = await new Promise<{ status: number; json: any }>((resolve, reject) => {
          const headers: Record<string, string> = { 'content-type': contentType('too-large'), ...(declared ? { 'content-length': String(body.length) } : {}) };
          const req = httpRequest(`${ingest.url}/dicomweb/studies`, { method: 'POST', headers }, (res) => {
            const chunks: Buffer[] = [];
            res
              .on('data', (c: Buffer) => chunks.push(c))
              .on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString()) }));
          });
          req.on('error', reject);
          for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.subarray(i, i + 64 * 1024));
          req.end();
        });
        expect(status).toBe(413);
        expect(json.error).toMatch(/MAX_REQUEST_BYTES \(8388608 bytes\)/);
        expect(spooled(ingest)).toEqual([]);
        const listed = (await (
          await fetch(`${ingest.url}/api/v1/instances?studyInstanceUid=${procedureSpec({ seed: 9201, events: 400 }).study.studyInstanceUid}`)
        ).json()) as { instances: unknown[] };
        expect(listed.instances).toEqual([]);
      },
      60_000,
    );

    it('answers 503 with Retry-After while MAX_CONCURRENT_LARGE_UPLOADS large uploads are being received', async () => {
      const first = multipart('first', [generateRdsr(procedureSpec({ seed: 9301, events: 400 }))]);
      // The first upload sends half its body and waits, holding the only large-upload slot.
      let answerFirst!: (status: number) => void;
      const firstStatus = new Promise<number>((resolve) => (answerFirst = resolve));
      const held = httpRequest(
        `${ingest.url}/dicomweb/studies`,
        { method: 'POST', headers: { 'content-type': contentType('first'), 'content-length': String(first.length) } },
        (res) => {
          res.resume();
          answerFirst(res.statusCode ?? 0);
        },
      );
      held.write(first.subarray(0, first.length / 2));
      await new Promise((r) => setTimeout(r, 300));

      const second = await stow(ingest.url, multipart('second', [generateRdsr(procedureSpec({ seed: 9302, events: 400 }))]), 'second');
      expect(second.status).toBe(503);
      expect(second.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(second.json.error).toMatch(/MAX_CONCURRENT_LARGE_UPLOADS/);

      held.end(first.subarray(first.length / 2));
      expect(await firstStatus).toBe(200);
      // The slot is free again.
      expect((await stow(ingest.url, multipart('third', [generateRdsr(procedureSpec({ seed: 9302, events: 400 }))]), 'third')).status).toBe(200);
    }, 60_000);
  });
});
