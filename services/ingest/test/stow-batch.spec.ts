import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RdsrReceivedV1 } from '@kerma/contracts';
import { generateNonDoseDicom, generateRdsr, procedureSpec } from '@kerma/testing';
import { OutboxRelay } from '../src/outbox/outbox-relay';
import { startIngestApp, type IngestTestApp } from './ingest-app';

type Item = Record<string, { Value?: unknown[] }>;

async function stowParts(url: string, parts: readonly Uint8Array[]): Promise<{ status: number; json: Record<string, { Value: Item[] }> }> {
  const boundary = 'batch-boundary';
  const body = Buffer.concat([
    ...parts.flatMap((p) => [Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), Buffer.from(p), Buffer.from('\r\n')]),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  const response = await fetch(`${url}/dicomweb/studies?source=import`, {
    method: 'POST',
    headers: { 'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}` },
    body,
  });
  return { status: response.status, json: (await response.json()) as Record<string, { Value: Item[] }> };
}

/** Each part's outcome by its part number (0009,1004): stored, Kerma's reason code of a refusal, or duplicate. */
function outcomesByPart(json: Record<string, { Value: Item[] }>): Record<number, string> {
  const outcomes: Record<number, string> = {};
  for (const item of json['00081199']?.Value ?? []) outcomes[item['00091004'].Value![0] as number] = (item['00091001']?.Value?.[0] as string) ?? 'stored';
  for (const item of json['00081198']?.Value ?? []) outcomes[item['00091004'].Value![0] as number] = item['00091001'].Value![0] as string;
  return outcomes;
}

describe('STOW-RS of many objects in one request (kerma import --batch)', () => {
  let ingest: IngestTestApp;
  const announced: RdsrReceivedV1[] = [];
  beforeAll(async () => {
    ingest = await startIngestApp();
    ingest.bus.subscribe(RdsrReceivedV1.topic, async (m) => void announced.push(JSON.parse(m.value) as RdsrReceivedV1));
  });
  afterAll(() => ingest.close());

  it('answers each part as if sent alone after the one before: refusals, duplicates within the request and conflicts do not sink the others', async () => {
    const specs = {
      earlier: procedureSpec({ seed: 8801, events: 2 }),
      a: procedureSpec({ seed: 8802, events: 2 }),
      b: procedureSpec({ seed: 8803, events: 3 }),
      c: procedureSpec({ seed: 8804, events: 1 }),
    };
    const earlier = generateRdsr(specs.earlier);
    expect((await stowParts(ingest.url, [earlier])).status).toBe(200);
    const a = generateRdsr(specs.a);
    const b = generateRdsr(specs.b);
    const conflictingA = generateRdsr(procedureSpec({ seed: 8802, events: 4 })); // same SOP Instance UID as a, other content
    const c = generateRdsr(specs.c);

    const { status, json } = await stowParts(ingest.url, [
      a,
      Buffer.from('not a DICOM file'),
      b,
      a,
      conflictingA,
      earlier,
      generateNonDoseDicom('ct-image', 8805),
      c,
    ]);
    expect(status).toBe(202);
    expect(outcomesByPart(json)).toEqual({
      1: 'stored',
      2: 'not-dicom',
      3: 'stored',
      4: 'duplicate',
      5: 'conflicting-duplicate',
      6: 'duplicate',
      7: 'not-a-dose-report',
      8: 'stored',
    });

    await ingest.app.get(OutboxRelay).idle();
    await ingest.bus.drain();
    // Every stored object announced exactly once (the earlier one by its own request), nothing else.
    expect(announced.map((e) => e.sopInstanceUid).sort()).toEqual(
      Object.values(specs)
        .map((s) => s.study.sopInstanceUid)
        .sort(),
    );
    expect(announced.find((e) => e.sopInstanceUid === specs.a.study.sopInstanceUid)).toMatchObject({ source: 'import', sha256: sha256(a) });
    const { instances } = (await (await fetch(`${ingest.url}/api/v1/instances?studyInstanceUid=${specs.a.study.studyInstanceUid}`)).json()) as {
      instances: unknown[];
    };
    expect(instances).toHaveLength(1);
    // Nothing left in the spool: every part was kept in the archive or released.
    expect(readdirSync(join(ingest.dataDir, 'archive', '.incoming'))).toEqual([]);
  });
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
