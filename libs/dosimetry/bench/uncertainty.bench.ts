/**
 * Cost of the sampled PSD interval (not a test): a generated 145-event and 1,000-event report, human
 * phantom at 1 cm, samples on 2 cm cells: 16, 32, 64 and the default (64 up to 375 events, 24 at 1,000). Run from the
 * repository root: node tools/run-ts.js libs/dosimetry/bench/uncertainty.bench.ts
 */
import { parseDoseReport, type Procedure } from '@kerma/rdsr';
import { generateRdsr, procedureSpec } from '@kerma/testing';
import { computeSkinDose, type SkinDoseOptions } from '../src';

const WARMUP_RUNS = 2;
const TIMED_RUNS = 5;

function parse(bytes: Uint8Array): Procedure {
  const out = parseDoseReport(bytes);
  if (!out.ok) throw new Error(out.error.message);
  return out.procedure;
}

const median = (v: number[]): number => v.slice().sort((a, b) => a - b)[Math.floor(v.length / 2)];

function time(label: string, procedure: Procedure, options: SkinDoseOptions): void {
  for (let i = 0; i < WARMUP_RUNS; i++) computeSkinDose(procedure, options);
  const wall: number[] = [];
  const cpu: number[] = [];
  let summary = '';
  for (let i = 0; i < TIMED_RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const r = computeSkinDose(procedure, options);
    wall.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    const u = r.uncertainty;
    summary = `PSD ${(r.psdGy * 1e3).toFixed(1)} mGy [${(u.psdInterval95Gy.lowerGy * 1e3).toFixed(1)}, ${(u.psdInterval95Gy.upperGy * 1e3).toFixed(1)}] U ${(u.expandedRelative * 100).toFixed(0)} %; ${u.dominant.join(', ')}`;
  }
  console.log(
    `${label.padEnd(36)} wall ${median(wall).toFixed(0).padStart(5)} ms (min ${Math.min(...wall).toFixed(0)})  cpu ${median(cpu).toFixed(0).padStart(5)} ms  ${summary}`,
  );
}

console.log(`node ${process.version}, ${WARMUP_RUNS} warm-up + ${TIMED_RUNS} timed runs each, human phantom, 10 mm cells, samples on 20 mm cells`);
for (const events of [145, 1000]) {
  const procedure = parse(generateRdsr(procedureSpec({ seed: 7, vendor: 'siemens', events, rotationalRuns: events > 500 ? 4 : 1, tableTravelMm: 400 })));
  for (const samples of [16, 32, 64]) time(`${events} events, ${samples} samples`, procedure, { phantom: 'human', uncertaintySamples: samples });
  time(`${events} events, default samples`, procedure, { phantom: 'human' });
}
