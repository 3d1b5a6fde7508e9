import { SkinDoseCalculatedV2, type SkinDoseCalculatedShapeV2 } from '@kerma/contracts';
import { decodeDoseGrid, encodeRgbPng } from '@kerma/dosimetry';
import { generateRdsr, procedureSpec, eventually, getJson, stow } from '@kerma/testing';
import { startTemporaryKerma, type TemporaryKerma } from '../support/temporary-kerma';

const spec = procedureSpec({ seed: 31, events: 12, mapEvent: (e) => ({ ...e, doseRpGy: 0.2, dapGyM2: 0.002 }) });

describe('skin-dose validations: a physicist compares film or dosimeter readings with the computed map', () => {
  let kerma: TemporaryKerma;
  const uid = spec.study.studyInstanceUid;
  let announced: SkinDoseCalculatedShapeV2 | null = null;
  const post = (body: unknown) =>
    fetch(`${kerma.url}/api/v1/studies/${uid}/skin-dose/validations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    kerma = await startTemporaryKerma('skin-dose-validation');
    kerma.bus.subscribe(SkinDoseCalculatedV2.topic, async (m) => void (announced = JSON.parse(m.value) as SkinDoseCalculatedShapeV2));
    expect((await stow(kerma.url, [generateRdsr(spec)], 'cath-lab-1')).status).toBe(200);
    await kerma.bus.drain();
  }, 60_000);

  afterAll(async () => {
    await kerma?.stop();
  });

  it('points read at the computed peak region give ~0 %; the report is stored and listed with its picture', async () => {
    // The first request after the (long, synchronous) calculation may meet a keep-alive socket the server just closed: retried.
    const { body: answer } = await eventually(() => getJson(`${kerma.url}/api/v1/studies/${uid}/skin-dose`), 'the skin dose answer');
    expect(answer.result.psdInterval95Gy.upperGy).toBeGreaterThan(answer.result.psdGy);
    // The event carries the map and its announced interval.
    const event = announced as SkinDoseCalculatedShapeV2 | null;
    if (!event?.doseMap) throw new Error('no skin-dose.calculated event with a map');
    expect(event.psdInterval95Gy).toEqual(answer.result.psdInterval95Gy);
    const { widthCells, heightCells, surface, data } = event.doseMap;
    const grid = decodeDoseGrid(new Uint8Array(Buffer.from(data, 'base64')), widthCells * heightCells);
    // The irradiated cells only: the JSON body limit (100 kB) holds a few thousand points.
    const rows = ['x_mm,y_mm,dose_gy'];
    grid.forEach((d, i) => {
      if (d > 0) rows.push(`${((i % widthCells) + 0.5) * surface.cellSizeMm},${(Math.floor(i / widthCells) + 0.5) * surface.cellSizeMm},${d}`);
    });
    const created = await post({ kind: 'points', csv: rows.join('\n') });
    expect(created.status).toBe(201);
    const v = (await created.json()) as { id: string; report: { psdDifferencePercent: number; source: string }; picturePngBase64: string; createdBy: string };
    expect(v.report.source).toBe('points');
    expect(Math.abs(v.report.psdDifferencePercent)).toBeLessThan(0.01);
    expect(Buffer.from(v.picturePngBase64, 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect(v.createdBy).toBe('local');
    const { status, body: list } = await getJson(`${kerma.url}/api/v1/studies/${uid}/skin-dose/validations`);
    expect(status).toBe(200);
    expect(list.validations.map((x: { id: string }) => x.id)).toEqual([v.id]);
  });

  it('refuses bad input with what is wrong (400), and an unknown study (404)', async () => {
    expect((await post({ kind: 'points', csv: 'x_mm,y_mm,dose_gy\n1,,2' })).status).toBe(400);
    expect((await post({ kind: 'points', csv: `x_mm,y_mm,dose_gy\n${'100,100,0.001\n'.repeat(100_000)}` })).status).toBe(413);
    const film = await post({
      kind: 'film',
      pngBase64: Buffer.from(encodeRgbPng(20, 20, new Uint8Array(1200).fill(200))).toString('base64'),
      calibration: { channel: 'red' },
      fiducials: [],
    });
    expect(film.status).toBe(400);
    expect(((await film.json()) as { message: string }).message).toMatch(/fiducials/);
    const unknown = await fetch(`${kerma.url}/api/v1/studies/1.2.3.999/skin-dose/validations`);
    expect(unknown.status).toBe(404);
  });
});
