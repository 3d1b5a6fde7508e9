import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateRdsr, generateNonDoseDicom, procedureSpec } from '@kerma/testing';
import { parseDoseReport, type Procedure } from '@kerma/rdsr';
import { dumpProcedure, formatRdsrError, summarizeProcedure } from './rdsr';

const spec = procedureSpec({ seed: 5, events: 12, biplane: true, patient: { name: 'Doe^Jane' } });

function procedure(): Procedure {
  const out = parseDoseReport(generateRdsr(spec));
  if (!out.ok) throw new Error(out.error.message);
  return out.procedure;
}

describe('kerma rdsr', () => {
  it('dump: the model as JSON with events in one array and no patient name', () => {
    const json = dumpProcedure(procedure());
    expect(json).not.toContain('Doe');
    const parsed = JSON.parse(json);
    expect(parsed.events).toHaveLength(12);
    expect(parsed.events[0]).toHaveProperty('dapGyM2');
    expect(parsed.patient).not.toHaveProperty('name');
  });

  it('summary: events per plane, totals next to event sums, missing geometry', () => {
    const text = summarizeProcedure(procedure());
    const perPlane = (plane: string) => spec.events.filter((e) => e.plane === plane).length;
    expect(text).toContain(`plane A       ${String(perPlane('A')).padStart(5)} events`);
    expect(text).toContain(`plane B       ${String(perPlane('B')).padStart(5)} events`);
    expect(text).toMatch(/Device totals vs Σ events/);
    expect(text).toMatch(/Missing geometry \(events of 12 without the value\)/);
    expect(text).not.toContain('Doe');
  });

  it('errors name the typed error', () => {
    const out = parseDoseReport(generateNonDoseDicom('ct-image'));
    if (out.ok) throw new Error('a CT image parsed as a dose report');
    expect(formatRdsrError('x.dcm', out.error)).toMatch(/^kerma rdsr: x\.dcm: not-a-dose-report: .*what: CT Image Storage/);
  });

  it('the command exits 0 on a report and 1 on a non-dose object', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kerma-rdsr-'));
    const report = path.join(dir, 'report.dcm');
    const image = path.join(dir, 'image.dcm');
    writeFileSync(report, generateRdsr(spec));
    writeFileSync(image, generateNonDoseDicom('ct-image'));
    const bin = path.resolve(__dirname, '../../../../bin/kerma.js');
    const ok = spawnSync(process.execPath, [bin, 'rdsr', 'summary', report], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('Events per plane and type');
    const bad = spawnSync(process.execPath, [bin, 'rdsr', 'summary', image], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('not-a-dose-report');
  });
});
