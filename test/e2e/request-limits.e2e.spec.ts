import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateRdsr, procedureSpec } from '@kerma/testing';
import { kermaCli } from '../support/kerma-cli';
import { startTemporaryKerma, type TemporaryKerma } from '../support/temporary-kerma';

/** A small rate (3 at once, then 3 a minute) and JSON body limit (4 KiB), to see both answers. */
describe('per-client rate limit and JSON body limit (single process)', () => {
  let kerma: TemporaryKerma;

  beforeAll(async () => {
    kerma = await startTemporaryKerma('request-limits', {
      limits: { ratePerMinute: 3, rateBurst: 3, maxJsonBodyBytes: 4096 },
    });
  }, 60_000);

  afterAll(async () => {
    await kerma?.stop();
  });

  it('refuses a JSON body above the limit with 413 naming the limit, before any handler, and a malformed one with 400', async () => {
    const put = (body: string) => fetch(`${kerma.url}/api/v1/alert-rules`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body });
    const tooLarge = await put(JSON.stringify({ rules: [{ note: 'x'.repeat(5000) }] }));
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'JSON body larger than 4096 bytes (KERMA_MAX_JSON_BODY_BYTES)',
    });
    const malformed = await put('{"rules": [');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { message: string }).message).toBe('the body is not valid JSON');
  });

  it('lets STOW-RS stream DICOM larger than the JSON limit (its own limit applies)', async () => {
    const report = generateRdsr(procedureSpec({ seed: 9301, events: 40 }));
    expect(report.byteLength).toBeGreaterThan(4096);
    const response = await fetch(`${kerma.url}/dicomweb/studies`, { method: 'POST', headers: { 'content-type': 'application/dicom' }, body: report });
    expect(response.status).toBe(200);
  });

  it('answers 429 with Retry-After once a client used its requests; probes and metrics stay open', async () => {
    // The STOW above drew one request from this address's bucket.
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 4; i += 1) {
      const response = await fetch(`${kerma.url}/api/v1/alerts`);
      statuses.push(response.status);
      if (response.status === 429) refused = response;
    }
    expect(statuses).toEqual([200, 200, 429, 429]);
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused!.headers.get('retry-after'))).toBeLessThanOrEqual(20);
    expect(((await refused!.json()) as { message: string }).message).toMatch(/too many requests.*KERMA_RATE_LIMIT_PER_MINUTE/);
    for (const path of ['/health', '/health/ready', '/metrics']) expect([path, (await fetch(`${kerma.url}${path}`)).status]).toEqual([path, 200]);
  });
});

describe('`kerma import` under the rate limit', () => {
  let kerma: TemporaryKerma;

  beforeAll(async () => {
    kerma = await startTemporaryKerma('request-limits-import', {
      limits: { ratePerMinute: 60, rateBurst: 1, maxJsonBodyBytes: 4096 },
    });
  }, 60_000);

  afterAll(async () => {
    await kerma?.stop();
  });

  it('waits the Retry-After delay on 429 and stores every file', async () => {
    const folder = join(kerma.dir, 'reports');
    mkdirSync(folder);
    for (const seed of [9311, 9312, 9313]) writeFileSync(join(folder, `${seed}.dcm`), generateRdsr(procedureSpec({ seed, events: 4 })));
    const { code, stdout } = await kermaCli(['import', folder, '--url', kerma.url]);
    expect(code).toBe(0);
    expect(stdout).toContain('3 files: 3 stored, 0 duplicate, 0 refused');
  }, 120_000);
});
