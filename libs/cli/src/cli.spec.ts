import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateCtDoseReport, generateRdsr, procedureSpec } from '@kerma/testing';

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
    const r = spawnSync(process.execPath, [kerma, 'skin-dose', file, '--png', join(dir, 'x.png')], { encoding: 'utf8', env: { ...process.env, KERMA_FONT_FILE: missing } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`KERMA_FONT_FILE: ${missing} cannot be read (ENOENT)`);
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

  it('skin-dose --room-profile applies a room\'s measured values (Ka,r factor 0.5 halves the PSD) and names a bad field', () => {
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
    expect(onCt.stderr).toBe(`kerma: ${ct}: this is a CT dose report: skin dose is computed from fluoroscopy and projection X-ray dose reports, whose events have beam angles to trace\n`);
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
