import { Resvg } from '@resvg/resvg-js';
import { DoseAlertV1, PatientIdentityV1, RdsrReceivedV1, StudyParsedV2 } from '@kerma/contracts';
import { generateNonDoseDicom, generateRdsr, procedureSpec } from '@kerma/testing';
import { eventually, failureCodes, failureReasons, getJson, stow, storedCount } from '@kerma/testing';
import { startTemporaryKerma, type TemporaryKerma } from '../support/temporary-kerma';

/** Decodes a PNG with resvg's own decoder (the PNG as the image of an SVG of its size): size and colour count. */
function decodePng(png: Uint8Array): { width: number; height: number; distinctColours: number } {
  const width = Buffer.from(png).readUInt32BE(16);
  const height = Buffer.from(png).readUInt32BE(20);
  const wrapper = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}"><image width="${width}" height="${height}" xlink:href="data:image/png;base64,${Buffer.from(png).toString('base64')}"/></svg>`;
  const image = new Resvg(wrapper).render();
  const colours = new Set<number>();
  const px = new Uint32Array(image.pixels.buffer, image.pixels.byteOffset, image.pixels.byteLength / 4);
  for (const p of px) colours.add(p);
  return { width: image.width, height: image.height, distinctColours: colours.size };
}

/** A procedure over the SRDL: 30 events of 0.25 Gy Ka,r each (7.5 Gy in all). */
const highDose = procedureSpec({ seed: 11, events: 30, mapEvent: (e) => ({ ...e, doseRpGy: 0.25, dapGyM2: 0.0025 }) });

describe('single-process mode (npm start): an RDSR posted over STOW-RS comes out as a study, a skin dose and alerts', () => {
  let kerma: TemporaryKerma;
  const announced: string[] = [];
  const alerts: string[] = [];
  const parsedStates: { key: string | null; value: string }[] = [];
  const identities: string[] = [];

  beforeAll(async () => {
    kerma = await startTemporaryKerma('single-process', {
      retryPolicy: { maxAttempts: 2, initialBackoffMs: 10, maxBackoffMs: 10 },
    });
    kerma.bus.subscribe(RdsrReceivedV1.topic, async (m) => void announced.push(m.value));
    kerma.bus.subscribe(DoseAlertV1.topic, async (m) => void alerts.push(m.value));
    kerma.bus.subscribe(StudyParsedV2.topic, async (m) => void parsedStates.push({ key: m.key, value: m.value }));
    kerma.bus.subscribe(PatientIdentityV1.topic, async (m) => void identities.push(m.value));
  }, 60_000);

  afterAll(async () => {
    await kerma?.stop();
  });

  it('stores the report, parses it, computes the skin dose and raises the SRDL alerts', async () => {
    const result = await stow(kerma.url, [generateRdsr(highDose)], 'cath-lab-1');
    expect(result.status).toBe(200);
    expect(storedCount(result)).toBe(1);
    await kerma.bus.drain();

    const { status, body: study } = await getJson(`${kerma.url}/api/v1/studies/${highDose.study.studyInstanceUid}`);
    expect(status).toBe(200);
    expect(study.site).toBe('cath-lab-1');
    expect(study.status.received.state).toBe('done');
    expect(study.failures).toEqual([]);
    expect(study.status.parsed.state).toBe('done');
    expect(study.status.skinDose.state).toBe('done');
    expect(study.totals.eventCount).toBe(30);
    expect(study.totals.doseRpTotalGy).toBeCloseTo(7.5, 9);
    expect(study.skinDose.psdGy).toBeGreaterThan(0);
    expect(study.skinDose.method).toBe('ray-trace');

    const metrics = study.alerts.map((a: { metric: string }) => a.metric).sort();
    expect(metrics).toContain('reference-air-kerma');
    expect(metrics.includes('peak-skin-dose')).toBe(study.skinDose.psdGy >= 3);

    const { body: list } = await getJson(`${kerma.url}/api/v1/alerts?studyInstanceUid=${highDose.study.studyInstanceUid}`);
    expect(list.alerts.map((a: { metric: string }) => a.metric).sort()).toEqual(metrics);
    expect(alerts).toHaveLength(metrics.length);
    // The parser names the patient on patient-identity only: study.parsed.v2 carries the key, the alerts the id.
    const patientId = highDose.patient.id!;
    const ours = (messages: readonly string[]) => messages.filter((m) => m.includes(highDose.study.studyInstanceUid));
    expect(ours(parsedStates.map((m) => m.value))).toHaveLength(1);
    expect(ours(parsedStates.map((m) => m.value)).filter((m) => m.includes(patientId))).toEqual([]);
    expect(ours(identities)).toHaveLength(1);
    expect(JSON.parse(ours(identities)[0]!).patient).toMatchObject({ id: patientId, key: JSON.parse(ours(parsedStates.map((m) => m.value))[0]!).patient.key });
    expect(alerts.every((a) => JSON.parse(a).patient.id === patientId)).toBe(true);
    expect(study.patient).toMatchObject({ id: patientId });

    const recompute = await fetch(`${kerma.url}/api/v1/studies/${highDose.study.studyInstanceUid}/skin-dose:recompute`, { method: 'POST' });
    expect(recompute.status).toBe(200);
    const recomputed = (await recompute.json()) as { result: { psdGy: number }; computedAt: string };
    expect(recomputed.result.psdGy).toBeCloseTo(study.skinDose.psdGy, 12);
    expect(recomputed.computedAt >= study.skinDose.calculatedAt).toBe(true);
    await kerma.bus.drain();
    expect(alerts).toHaveLength(metrics.length);

    const map = await fetch(`${kerma.url}/api/v1/studies/${highDose.study.studyInstanceUid}/skin-dose/map.png`);
    expect(map.status).toBe(200);
    expect(map.headers.get('content-type')).toBe('image/png');
    const png = decodePng(new Uint8Array(await map.arrayBuffer()));
    const svg = await fetch(`${kerma.url}/api/v1/studies/${highDose.study.studyInstanceUid}/skin-dose/map.svg`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    const text = await svg.text();
    expect(text).toContain('Peak skin dose (PSD)');
    expect(text).toContain(highDose.device.manufacturer);
    expect(text).not.toContain(highDose.patient.name ?? 'no name given');
    // The PNG is the SVG drawn: same size, and far more than a blank page (map colours, grey skin, text).
    const [, width, height] = /<svg [^>]*width="(\d+)" height="(\d+)"/.exec(text)!;
    expect([png.width, png.height]).toEqual([Number(width), Number(height)]);
    expect(png.distinctColours).toBeGreaterThan(50);
  });

  it('keeps the original bytes retrievable byte for byte', async () => {
    const bytes = generateRdsr(procedureSpec({ seed: 12, events: 3 }));
    const result = await stow(kerma.url, [bytes]);
    const url = String((result.body['00081199'].Value![0] as Record<string, { Value: string[] }>)['00081190'].Value[0]);
    const fetched = new Uint8Array(await (await fetch(url)).arrayBuffer());
    expect(Buffer.compare(Buffer.from(fetched), Buffer.from(bytes))).toBe(0);
  });

  it('answers a re-sent report as a duplicate and does not announce it again', async () => {
    await kerma.bus.drain();
    const before = announced.length;
    const alertsBefore = alerts.length;
    const again = await stow(kerma.url, [generateRdsr(highDose)], 'cath-lab-1');
    expect(again.status).toBe(200);
    const item = again.body['00081199'].Value![0] as Record<string, { Value: string[] }>;
    expect(item['00091001'].Value[0]).toBe('duplicate');
    await kerma.bus.drain();
    expect(announced.length).toBe(before);
    expect(alerts.length).toBe(alertsBefore);
  });

  it('refuses bad input with a specific reason, publishes nothing and stays up', async () => {
    await kerma.bus.drain();
    const before = announced.length;
    const valid = generateRdsr(procedureSpec({ seed: 13, events: 5 }));
    const result = await stow(kerma.url, [
      Buffer.from('this is a PDF, not DICOM'),
      generateNonDoseDicom('ct-image'),
      valid.subarray(0, Math.floor(valid.length * 0.6)),
      // A CT image relabelled with the X-Ray RDSR SOP class (a misconfigured router): the class alone does not pass.
      generateNonDoseDicom('ct-image', 2, '1.2.840.10008.5.1.4.1.1.88.67'),
    ]);
    expect(result.status).toBe(409);
    expect(failureCodes(result)).toEqual(['not-dicom', 'not-a-dose-report', 'truncated', 'not-a-dose-report']);
    expect(failureReasons(result)).toEqual([0xc000, 0x0122, 0xc000, 0x0122]);
    await kerma.bus.drain();
    expect(announced.length).toBe(before);

    const wrongType = await fetch(`${kerma.url}/dicomweb/studies`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(wrongType.status).toBe(415);
    expect((await getJson(`${kerma.url}/api/v1/alerts`)).status).toBe(200);
  });

  it('stores a mixed request partly (202) and reports which object failed', async () => {
    const good = generateRdsr(procedureSpec({ seed: 14, events: 2 }));
    const result = await stow(kerma.url, [good, Buffer.from('nope')]);
    expect(result.status).toBe(202);
    expect(storedCount(result)).toBe(1);
    expect(failureCodes(result)).toEqual(['not-dicom']);
  });

  it("shows the parser's reason on the study when a stored report cannot be read", async () => {
    const spec = procedureSpec({ seed: 15, events: 4 });
    const bytes = Buffer.from(generateRdsr(spec));
    const at = bytes.indexOf('Gy.m2');
    expect(at).toBeGreaterThan(0);
    bytes.write('Gy.q2', at, 'latin1');
    expect((await stow(kerma.url, [bytes])).status).toBe(200);
    await kerma.bus.drain();
    const study = await eventually(async () => {
      const { status, body } = await getJson(`${kerma.url}/api/v1/studies/${spec.study.studyInstanceUid}`);
      return status === 200 && body.status.parsed.state === 'failed' ? body : undefined;
    }, 'the parse failure to reach the study');
    expect(study.failures[0]).toMatchObject({ stage: 'parse', kind: 'permanent', code: 'unknown-unit' });
    expect(study.failures[0].message).toContain('Gy.q2');
  });

  it('joins a continued study, and never lets an older study state (a replayed message) overwrite the newer one', async () => {
    const first = procedureSpec({ seed: 16, events: 3 });
    const second = procedureSpec({ seed: 17, events: 2, study: { studyInstanceUid: first.study.studyInstanceUid }, patient: first.patient });
    const uid = first.study.studyInstanceUid;
    expect((await stow(kerma.url, [generateRdsr(first)])).status).toBe(200);
    await kerma.bus.drain();
    const firstState = parsedStates.find((m) => JSON.parse(m.value).studyInstanceUid === uid)!;
    expect(JSON.parse(firstState.value).studyRevision).toBe(1);
    expect((await stow(kerma.url, [generateRdsr(second)])).status).toBe(200);
    await kerma.bus.drain();

    const joined = (await getJson(`${kerma.url}/api/v1/studies/${uid}`)).body;
    expect(joined.reports).toHaveLength(2);
    expect(joined.totals.eventCount).toBe(5);
    expect(joined.status.skinDose.state).toBe('done');
    const skinDose = (await getJson(`${kerma.url}/api/v1/studies/${uid}/skin-dose`)).body;
    expect(skinDose.sopInstanceUids).toHaveLength(2);

    await kerma.bus.publish(StudyParsedV2.topic, firstState.key, firstState.value);
    await kerma.bus.drain();
    const after = (await getJson(`${kerma.url}/api/v1/studies/${uid}`)).body;
    expect(after.totals.eventCount).toBe(5);
    expect(after.skinDose.psdGy).toBe(joined.skinDose.psdGy);
    expect((await getJson(`${kerma.url}/api/v1/studies/${uid}/skin-dose`)).body.sopInstanceUids).toHaveLength(2);
  });
});
