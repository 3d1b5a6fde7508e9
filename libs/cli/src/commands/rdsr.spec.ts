import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  buildMammographyReportSpec,
  buildProjectionRadiographyReportSpec,
  buildRadiopharmaceuticalReportSpec,
  generateMammographyReport,
  generateNonDoseDicom,
  generateRadiopharmaceuticalDoseReport,
  generateProjectionRadiographyReport,
  generateRdsr,
  procedureSpec,
} from '@kerma/testing';
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

describe('kerma rdsr summary of radiography and mammography reports', () => {
  const parse = (bytes: Uint8Array): Procedure => {
    const out = parseDoseReport(bytes);
    if (!out.ok) throw new Error(out.error.message);
    return out.procedure;
  };

  it('shows a radiography report as kind radiography with its single-plane totals', () => {
    const dx = buildProjectionRadiographyReportSpec({ seed: 4, exposures: 3 });
    const text = summarizeProcedure(parse(generateProjectionRadiographyReport(dx)));
    expect(text).toMatch(/^Report     radiography,/m);
    expect(text).toContain(`plane ${'single'.padEnd(7)} ${String(3).padStart(5)} events (stationary 3)`);
    expect(text).toContain(Number(dx.dapTotalGyM2.toPrecision(6)).toString());
    expect(text).not.toContain('Mammography');
  });

  it('shows the administrations of a radiopharmaceutical dose report', () => {
    const nm = buildRadiopharmaceuticalReportSpec({ seed: 4 });
    const text = summarizeProcedure(parse(generateRadiopharmaceuticalDoseReport(nm)));
    expect(text).toMatch(/^Report     nuclear-medicine, radiopharmaceutical-rdsr,/m);
    expect(text).toMatch(/^Source     rdsr$/m);
    expect(text).toContain('Radiopharmaceutical administrations 1');
    expect(text).toContain(`Fluorodeoxyglucose F^18^ (^18^Fluorine), ${nm.administrations[0]!.administeredActivityMBq} MBq, Intravenous route`);
    expect(text).toContain('effective dose 4.75 mSv, 2 organ doses');
  });

  it('shows the accumulated AGD per breast of a mammography report', () => {
    const mg = buildMammographyReportSpec({ seed: 4 });
    const text = summarizeProcedure(parse(generateMammographyReport(mg)));
    expect(text).toMatch(/^Report     mammography,/m);
    const [right, left] = mg.accumulatedAverageGlandularDose;
    const mgy = (v: number) => Number(v.toPrecision(6)).toString();
    expect(text).toContain(`Mammography accumulated AGD right ${mgy(right!.doseMGy)} mGy, left ${mgy(left!.doseMGy)} mGy`);
  });
});
