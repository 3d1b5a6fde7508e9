import { deflateSync } from 'node:zlib';
import { computeSkinDose, type DoseMap } from '../index';
import { encodeRgbPng } from './png-write';
import { testEvent, testProcedure } from '../../test/procedure-builder';
import { decodePng, InvalidPngError } from './png-read';
import { registerByFiducials } from './registration';
import { validateFilm, validatePoints } from './validate';
import { parsePointsCsv, InvalidPointsCsvError } from './points-csv';
import { parseFilmCalibration } from './film';

/** A PNG written the long way: one chunk per part, each row with its own filter type (CRCs are not read). */
function pngWithFilters(width: number, height: number, channels: 1 | 3, pixels: Uint8Array): Uint8Array {
  const bpp = channels;
  const stride = width * bpp;
  const raw = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    const filter = y % 5;
    raw[y * (stride + 1)] = filter;
    for (let i = 0; i < stride; i++) {
      const x = pixels[y * stride + i];
      const a = i >= bpp ? pixels[y * stride + i - bpp] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + i] : 0;
      const c = y > 0 && i >= bpp ? pixels[(y - 1) * stride + i - bpp] : 0;
      const p = a + b - c;
      const pred = [
        0,
        a,
        b,
        (a + b) >> 1,
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c,
      ][filter];
      raw[y * (stride + 1) + 1 + i] = (x - pred) & 0xff;
    }
  }
  const chunk = (type: string, data: Uint8Array) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    Buffer.from(data).copy(out, 8);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, channels === 1 ? 0 : 2, 0, 0, 0], 8);
  const z = deflateSync(raw);
  const half = Math.floor(z.length / 2);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
      chunk('IHDR', ihdr),
      chunk('IDAT', z.subarray(0, half)),
      chunk('IDAT', z.subarray(half)),
      chunk('IEND', new Uint8Array(0)),
    ]),
  );
}

describe('decodePng (8-bit greyscale and RGB, not interlaced)', () => {
  it('reads every filter type, split IDAT chunks, grey and RGB', () => {
    const grey = Uint8Array.from({ length: 13 * 11 }, (_, i) => (i * 37 + (i >> 3) * 11) & 0xff);
    expect(decodePng(pngWithFilters(13, 11, 1, grey))).toEqual({ width: 13, height: 11, channels: 1, data: grey });
    const rgb = Uint8Array.from({ length: 7 * 6 * 3 }, (_, i) => (i * 91 + 17) & 0xff);
    expect(decodePng(pngWithFilters(7, 6, 3, rgb)).data).toEqual(rgb);
    expect(decodePng(encodeRgbPng(7, 6, rgb)).data).toEqual(rgb);
  });

  it('refuses what it does not read, saying why', () => {
    expect(() => decodePng(new Uint8Array([1, 2, 3]))).toThrow(/not a PNG/);
    const sixteen = pngWithFilters(2, 2, 1, new Uint8Array(4));
    sixteen[8 + 8 + 8] = 16; // IHDR bit depth
    expect(() => decodePng(sixteen)).toThrow(InvalidPngError);
    expect(() => decodePng(sixteen)).toThrow(/bit depth 16/);
  });
});

describe('registerByFiducials', () => {
  it('recovers a rotation, scale and shift from two points', () => {
    const angle = (30 * Math.PI) / 180;
    const s = 0.3;
    const truth = (x: number, y: number) => ({
      x: s * (x * Math.cos(angle) - y * Math.sin(angle)) + 100,
      y: s * (x * Math.sin(angle) + y * Math.cos(angle)) + 40,
    });
    const r = registerByFiducials([
      { pixel: { x: 10, y: 20 }, surfaceMm: truth(10, 20) },
      { pixel: { x: 500, y: 300 }, surfaceMm: truth(500, 300) },
    ]);
    expect(r.mmPerPixel).toBeCloseTo(0.3, 12);
    expect(r.rotationDeg).toBeCloseTo(30, 10);
    const p = r.toSurface(123, 456);
    expect(p.x).toBeCloseTo(truth(123, 456).x, 9);
    expect(p.y).toBeCloseTo(truth(123, 456).y, 9);
  });

  it('refuses one fiducial or two on the same pixel', () => {
    expect(() => registerByFiducials([{ pixel: { x: 0, y: 0 }, surfaceMm: { x: 0, y: 0 } }])).toThrow(/exactly two/);
    expect(() =>
      registerByFiducials([
        { pixel: { x: 0, y: 0 }, surfaceMm: { x: 0, y: 0 } },
        { pixel: { x: 1, y: 0 }, surfaceMm: { x: 50, y: 0 } },
      ]),
    ).toThrow(/10 pixels/);
  });
});

/** A film-plane study whose peak is above 5 Gy, so every area threshold has skin. */
function engineMap(): { map: DoseMap; row: number; column: number } {
  const r = computeSkinDose(testProcedure({ events: [testEvent({ kermaGy: 5 }), testEvent({ kermaGy: 2, tableLongitudinalMm: 40 })] }), {
    phantom: 'plane',
    uncertaintySamples: 16,
  });
  if (!r.doseMap || !r.psdLocation) throw new Error('no map');
  return { map: r.doseMap, row: r.psdLocation.mapRow, column: r.psdLocation.mapColumn };
}

/** Rational calibration D = 8·x / (1 − 0.6·x), x = netOD: closed-form inverse x = D / (8 + 0.6·D). */
const CALIBRATION = {
  channel: 'red',
  unexposedPixelValue: 220,
  curve: { kind: 'rational', numerator: [0, 8], denominator: [1, -0.6] },
  maxNetOd: 1.2,
  pixelSpacingMm: 0.5,
};

/**
 * A scan of the engine's own map: 0.5 mm pixels, the film's corner at a known, cell-unaligned place
 * of the surface, each pixel the dose of the map cell under it × `scale`, through the inverse
 * calibration, rounded to 8 bits.
 */
function syntheticFilm(map: DoseMap, row: number, column: number, scale: number) {
  const spacing = 0.5;
  const [w, h] = [300, 240];
  const x0 = column * map.cellSizeMm - 71.75;
  const y0 = row * map.cellSizeMm - 58.25;
  const rgb = new Uint8Array(w * h * 3);
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      const c = Math.floor((x0 + i * spacing) / map.cellSizeMm);
      const r = Math.floor((y0 + j * spacing) / map.cellSizeMm);
      const d = scale * (map.doseGy[r * map.widthCells + c] || 0);
      const pv = Math.round(220 * 10 ** -(d / (8 + 0.6 * d)));
      rgb.set([pv, 128, 128], (j * w + i) * 3);
    }
  }
  const fiducials = [
    { pixel: { x: 0, y: 0 }, surfaceMm: { x: x0, y: y0 } },
    { pixel: { x: w - 1, y: h - 1 }, surfaceMm: { x: x0 + (w - 1) * spacing, y: y0 + (h - 1) * spacing } },
  ];
  return { png: encodeRgbPng(w, h, rgb), fiducials };
}

describe("film validation: known answers from the engine's own map", () => {
  const { map, row, column } = engineMap();

  it('a film of the map itself, shifted and scaled on the scan, gives ~0 % and the same peak cell after registration', () => {
    const { report, picturePng } = validateFilm({ map, calibration: CALIBRATION, ...syntheticFilm(map, row, column, 1) });
    expect(report.comparedCells).toBeGreaterThan(100);
    expect(Math.abs(report.psdDifferencePercent ?? NaN)).toBeLessThan(1);
    expect(report.psdLocationDistanceCm).toBeLessThan(0.5);
    expect(report.registration?.mmPerPixel).toBeCloseTo(0.5, 9);
    expect(report.areaAtOrAboveCm2.computed.gy5).toBeGreaterThan(0);
    for (const k of ['gy2', 'gy3', 'gy5'] as const)
      expect(Math.abs(report.areaAtOrAboveCm2.measured[k] - report.areaAtOrAboveCm2.computed[k])).toBeLessThanOrEqual(2);
    expect(report.notes.filter((n) => /fiducials imply|beyond the calibration/.test(n))).toEqual([]);
    expect(decodePng(picturePng).width).toBeGreaterThan(0);
  });

  it.each([
    [1.1, 10],
    [0.9, -10],
  ])('a film reading %p × the map gives %p %% within 1 %%', (scale, percent) => {
    const { report } = validateFilm({ map, calibration: CALIBRATION, ...syntheticFilm(map, row, column, scale) });
    expect(Math.abs((report.psdDifferencePercent ?? NaN) - percent)).toBeLessThan(1);
  });

  it('says when the fiducials disagree with the scan resolution', () => {
    const film = syntheticFilm(map, row, column, 1);
    const { report } = validateFilm({ map, calibration: { ...CALIBRATION, pixelSpacingMm: 0.6 }, ...film });
    expect(report.notes.join('\n')).toMatch(/fiducials imply 0\.5000 mm per pixel, the calibration says 0\.6 mm/);
  });

  it('refuses a calibration with a bad field, naming it', () => {
    expect(() => parseFilmCalibration({ ...CALIBRATION, channel: 'purple' })).toThrow(/channel/);
    expect(() => parseFilmCalibration({ ...CALIBRATION, curve: { kind: 'polynomial', coefficients: [1] } })).toThrow(/curve\.coefficients/);
  });
});

describe('point validation (CSV on the unrolled surface)', () => {
  const { map } = engineMap();
  const centre = (r: number, c: number) => ({ x: (c + 0.5) * map.cellSizeMm, y: (r + 0.5) * map.cellSizeMm });

  it('points read at cell centres give 0 % and the peak cell; 10 % high points give +10 %', () => {
    // One point at the centre of every skin cell: a full grid, as a dosimeter array read into a CSV.
    const cells = Array.from(map.doseGy.keys()).filter((i) => !Number.isNaN(map.doseGy[i]));
    const lines = (scale: number) =>
      [
        'x_mm;y_mm;dose_mgy',
        ...cells.map((i) => {
          const p = centre(Math.floor(i / map.widthCells), i % map.widthCells);
          return `${p.x};${p.y};${1000 * scale * map.doseGy[i]}`;
        }),
      ].join('\n');
    const same = validatePoints({ map, csv: lines(1) }).report;
    expect(same.psdDifferencePercent).toBeCloseTo(0, 4);
    expect(same.psdLocationDistanceCm).toBeCloseTo(0, 6);
    expect(same.comparedCells).toBe(cells.length);
    expect(same.areaAtOrAboveCm2.measured).toEqual(same.areaAtOrAboveCm2.computed);
    expect(validatePoints({ map, csv: lines(1.1) }).report.psdDifferencePercent).toBeCloseTo(10, 4);
  });

  it('names the bad line and never drops a point', () => {
    expect(() => parsePointsCsv('x_mm,y_mm,dose_gy\n1,2,3\n4,,6\n')).toThrow(InvalidPointsCsvError);
    expect(() => parsePointsCsv('x_mm,y_mm,dose_gy\n1,2,3\n4,,6\n')).toThrow(/line 3/);
    expect(() => parsePointsCsv('a,b,c\n1,2,3')).toThrow(/header must name x_mm, y_mm and dose_gy/);
    expect(parsePointsCsv('# TLD readings\ndose_gy,x_mm,y_mm\n2.5,10,20\n')).toEqual([{ xMm: 10, yMm: 20, doseGy: 2.5 }]);
  });
});
