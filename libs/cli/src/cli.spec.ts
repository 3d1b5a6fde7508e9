import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateCtDoseReport, generateRdsr, procedureSpec } from '@kerma/testing';
import { deserializeDoseMap, encodeRgbPng } from '@kerma/dosimetry';

const kerma = resolve(__dirname, '..', '..', '..', 'bin', 'kerma.js');
const dir = mkdtempSync(join(tmpdir(), 'kerma-cli-'));
const spec = procedureSpec({ seed: 77, events: 6, biplane: true });
const file = join(dir, 'report.dcm');
writeFileSync(file, generateRdsr(spec));

const run = (...args: string[]) => execFileSync(process.execPath, [kerma, ...args], { encoding: 'utf8' });

describe('kerma command line', () => {
  it('rdsr dump prints the normalized procedure as JSON, units in the field names', () => {
    const dump = JSON.parse(run('rdsr', 'dump', file));
    const json = JSON.stringify(dump);
    expect(json).toContain(spec.study.studyInstanceUid);
    expect(json).toContain('doseRpGy');
    expect(json).toContain('dapGyM2');
    expect(json.match(/"uid":"2\.25\.[0-9]+"/g)?.length).toBeGreaterThanOrEqual(6);
  });

  it('rdsr summary fits one screen and shows both planes', () => {
    const summary = run('rdsr', 'summary', file);
    expect(summary.split('\n').length).toBeLessThanOrEqual(50);
    expect(summary).toMatch(/Plane A/i);
    expect(summary).toMatch(/Plane B/i);
  });

  it('skin-dose prints the PSD in Gy and writes the map as PNG and SVG', () => {
    const png = join(dir, 'map.png');
    const svg = join(dir, 'map.svg');
    const result = JSON.parse(run('skin-dose', file, '--phantom', 'cylinder', '--table-transmission', '0.8', '--png', png, '--svg', svg));
    expect(typeof result.psdGy).toBe('number');
    expect(result.psdGy).toBeGreaterThan(0);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    expect(readFileSync(png).readUInt32BE(16)).toBeGreaterThan(600);
    const text = readFileSync(svg, 'utf8');
    expect(text).toMatch(/^<svg /);
    expect(text).toContain('Peak skin dose (PSD)');
    expect(text).toContain(spec.device.manufacturer);
  });

  it('skin-dose --png names the font file when it is missing, before computing anything', () => {
    const missing = join(dir, 'no-such-font.ttf');
    const r = spawnSync(process.execPath, [kerma, 'skin-dose', file, '--png', join(dir, 'x.png')], {
      encoding: 'utf8',
      env: { ...process.env, KERMA_FONT_FILE: missing },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`KERMA_FONT_FILE: ${missing} cannot be read (ENOENT)`);
  });

  it('skin-dose prints the sampled 95 % interval of the PSD and its dominant inputs', () => {
    const result = JSON.parse(run('skin-dose', file, '--phantom', 'cylinder', '--uncertainty-samples', '16'));
    expect(result.psdInterval95Gy.lowerGy).toBeGreaterThan(0);
    expect(result.psdInterval95Gy.lowerGy).toBeLessThanOrEqual(result.psdGy);
    expect(result.psdInterval95Gy.upperGy).toBeGreaterThan(result.psdGy);
    expect(result.uncertainty).toMatchObject({ method: 'sampled', samples: 16, psdInterval95Gy: result.psdInterval95Gy });
    expect(result.uncertainty.dominant.length).toBeGreaterThan(0);
  });

  it('validate film compares point measurements with the map and draws the comparison', () => {
    const csv = join(dir, 'points.csv');
    writeFileSync(csv, ['x_mm,y_mm,dose_gy', '200,600,0.001', '210,600,0.001', '-50,10,1'].join('\n'));
    const picture = join(dir, 'comparison.png');
    const out = JSON.parse(run('validate', 'film', '--report', file, '--measured', csv, '--picture', picture));
    expect(out.comparison.source).toBe('points');
    expect(out.comparison.comparedCells).toBe(2);
    expect(out.comparison.notes.join(' ')).toMatch(/off the map or off the skin\): 1 point/);
    expect(typeof out.comparison.psdDifferencePercent).toBe('number');
    expect(readFileSync(picture).subarray(1, 4).toString()).toBe('PNG');
    const noFiducials = spawnSync(process.execPath, [kerma, 'validate', 'film', '--report', file, '--measured', picture], { encoding: 'utf8' });
    expect(noFiducials.stderr).toBe('kerma: a film scan needs --calibration and --fiducials\n');
  });

  it('validate film reads a calibrated scan of the map registered by two fiducials: ~0 %', () => {
    const shown = JSON.parse(run('skin-dose', file, '--phantom', 'plane', '--include-map', '--uncertainty-samples', '16'));
    const map = deserializeDoseMap(shown.doseMap);
    // A 1 mm scan of the whole sheet; linear calibration D = k·netOD with the peak at netOD 0.45 (8-bit rounding ~0.5 %).
    const k = shown.psdGy / 0.45;
    const [w, h] = [map.widthCells * map.cellSizeMm, map.heightCells * map.cellSizeMm];
    const rgb = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const d = map.doseGy[Math.floor(y / map.cellSizeMm) * map.widthCells + Math.floor(x / map.cellSizeMm)] || 0;
        rgb.set([Math.round(255 * 10 ** -(d / k)), 0, 0], (y * w + x) * 3);
      }
    }
    const scan = join(dir, 'film.png');
    const calibration = join(dir, 'calibration.json');
    writeFileSync(scan, encodeRgbPng(w, h, rgb));
    writeFileSync(
      calibration,
      JSON.stringify({ channel: 'red', unexposedPixelValue: 255, curve: { kind: 'polynomial', coefficients: [0, k] }, pixelSpacingMm: 1 }),
    );
    const fiducials = `0,0=0.5,0.5;${w - 1},${h - 1}=${w - 0.5},${h - 0.5}`;
    const out = JSON.parse(run('validate', 'film', '--report', file, '--measured', scan, '--calibration', calibration, '--fiducials', fiducials));
    expect(out.comparison.source).toBe('film');
    expect(Math.abs(out.comparison.psdDifferencePercent)).toBeLessThan(1);
    expect(out.comparison.registration.mmPerPixel).toBeCloseTo(1, 6);
  });

  it('skin-dose prints figures rounded to 4 significant digits', () => {
    const result = JSON.parse(run('skin-dose', file, '--phantom', 'cylinder'));
    const noisy: string[] = [];
    const walk = (v: unknown, path: string): void => {
      if (typeof v === 'number' && !Number.isInteger(v) && Number(v.toPrecision(4)) !== v) noisy.push(`${path}=${v}`);
      else if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, `${path}.${k}`);
    };
    walk(result, 'result');
    expect(noisy).toEqual([]);
  });

  it("skin-dose --room-profile applies a room's measured values (Ka,r factor 0.5 halves the PSD) and names a bad field", () => {
    const plain = JSON.parse(run('skin-dose', file, '--phantom', 'cylinder'));
    const room = join(dir, 'room.json');
    writeFileSync(room, JSON.stringify({ kermaCorrection: { points: [{ kvp: 80, factor: 0.5 }], vendorValueIncludesTable: false } }));
    const corrected = JSON.parse(run('skin-dose', file, '--phantom', 'cylinder', '--room-profile', room));
    expect(corrected.psdGy / plain.psdGy).toBeCloseTo(0.5, 3);
    expect(corrected.room).toEqual({ id: `file:${room}`, profileVersion: 0, commissioned: true });
    writeFileSync(room, JSON.stringify({ hvl: { points: [{ kvp: 80, hvlMmAl: 50 }] } }));
    const bad = spawnSync(process.execPath, [kerma, 'skin-dose', file, '--room-profile', room], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('hvl.points[0].hvlMmAl must be an HVL in mm Al (1–20)');
  });

  it('skin-dose speaks of the report and of flags, not of internal field paths', () => {
    const ct = join(dir, 'ct.dcm');
    writeFileSync(ct, generateCtDoseReport());
    const onCt = spawnSync(process.execPath, [kerma, 'skin-dose', ct], { encoding: 'utf8' });
    expect(onCt.status).toBe(1);
    expect(onCt.stderr).toBe(
      `kerma: ${ct}: this is a CT dose report: skin dose is computed from fluoroscopy and projection X-ray dose reports, whose events have beam angles to trace\n`,
    );
    const badCell = spawnSync(process.execPath, [kerma, 'skin-dose', file, '--cell-mm', '25'], { encoding: 'utf8' });
    expect(badCell.stderr).toBe('kerma: --cell-mm must be a cell side in mm, 1 cm or finer (1–10), got 25\n');
  });

  it('fails with a typed error and exit code 1 on a file that is not DICOM', () => {
    const junk = join(dir, 'junk.dcm');
    writeFileSync(junk, 'hello');
    const result = spawnSync(process.execPath, [kerma, 'rdsr', 'summary', junk], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/not-dicom/);
  });
});
