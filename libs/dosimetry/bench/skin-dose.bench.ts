/**
 * Skin-dose engine benchmark (not a test): a generated 1,000-event procedure and the real sample files,
 * human phantom at 1 cm cells, one core. Run from the repository root:
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register libs/dosimetry/bench/skin-dose.bench.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDoseReport, type Procedure } from '@kerma/rdsr';
import { generateRdsr, procedureSpec } from '@kerma/testing';
import { computeSkinDose, type SkinDoseOptions } from '../src';

const WARMUP_RUNS = 3;
const TIMED_RUNS = 10;
let peakRssBytes = 0;

function sampleMemory(): void {
  peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss);
}

function parse(bytes: Uint8Array, label: string): Procedure {
  const out = parseDoseReport(bytes);
  if (!out.ok) throw new Error(`${label}: ${out.error.message}`);
  return out.procedure;
}

function time(label: string, procedure: Procedure, options: SkinDoseOptions): void {
  for (let i = 0; i < WARMUP_RUNS; i++) computeSkinDose(procedure, options);
  const wallMs: number[] = [];
  const cpuMs: number[] = [];
  let psdGy = 0;
  for (let i = 0; i < TIMED_RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    psdGy = computeSkinDose(procedure, options).psdGy;
    wallMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const c = process.cpuUsage(c0);
    cpuMs.push((c.user + c.system) / 1000);
    sampleMemory();
  }
  const median = (v: number[]): number => v.slice().sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const wall = median(wallMs);
  const n = procedure.events.length;
  // CPU time is reported next to wall time because a loaded machine inflates wall time, not CPU time.
  console.log(
    `${label.padEnd(46)} ${String(n).padStart(5)} events  wall ${wall.toFixed(1).padStart(6)} ms (min ${Math.min(...wallMs).toFixed(1)})  cpu ${median(cpuMs).toFixed(1).padStart(6)} ms  ${((wall / n) * 1000).toFixed(1).padStart(6)} µs/event  PSD ${(psdGy * 1000).toFixed(2)} mGy`,
  );
}

/** One call timed on its own (wall, ms). */
function once(procedure: Procedure, options: SkinDoseOptions): number {
  const t0 = process.hrtime.bigint();
  computeSkinDose(procedure, options);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const options: SkinDoseOptions = { phantom: 'human', cellSizeMm: 10 };
console.log(`node ${process.version}, ${WARMUP_RUNS} warm-up + ${TIMED_RUNS} timed runs each, human phantom, 10 mm cells`);

// A service's first study pays for the phantom and for running the engine before the JIT has compiled it.
const small = parse(generateRdsr(procedureSpec({ seed: 5, vendor: 'standard', events: 30 })), 'small');
console.log(`first call in this process (30 events, builds the reference phantom): ${once(small, options).toFixed(1)} ms`);

for (const vendor of ['siemens', 'standard'] as const) {
  const bytes = generateRdsr(procedureSpec({ seed: 7, vendor, events: 1000, rotationalRuns: 4, tableTravelMm: 400 }));
  time(`generated 1,000 events (${vendor})`, parse(bytes, vendor), options);
}
const biplane = generateRdsr(procedureSpec({ seed: 11, vendor: 'standard', events: 1000, biplane: true, rotationalRuns: 2 }));
time('generated 1,000 events (standard, biplane)', parse(biplane, 'biplane'), options);

// Every new patient height and mass is a new phantom (built, placed and tiled, then cached).
const newBodyMs = Array.from({ length: TIMED_RUNS }, (_, i) => once(small, { ...options, patientHeightM: 1.5 + i * 0.013, patientMassKg: 60 + i }));
const warmSmallMs = once(small, options);
console.log(
  `30 events on a new body (phantom built): median ${newBodyMs.sort((a, b) => a - b)[TIMED_RUNS >> 1].toFixed(1)} ms; on a cached phantom: ${warmSmallMs.toFixed(1)} ms`,
);

const samplesDir = process.env.KERMA_SAMPLES_DIR ?? path.resolve(__dirname, '../../../../shared/rdsr-samples');
if (existsSync(samplesDir)) {
  for (const file of ['siemens_axiom_example_procedure.dcm', 'philips_allura_clarity_u104.dcm', 'philips_allura_clarity_u601.dcm']) {
    const procedure = parse(new Uint8Array(readFileSync(path.join(samplesDir, file))), file);
    time(file, procedure, options);
    time(`${file} (cylinder)`, procedure, { phantom: 'cylinder' });
  }
} else {
  console.warn(`samples not found at ${samplesDir}; set KERMA_SAMPLES_DIR to time them`);
}
sampleMemory();
console.log(`peak RSS ${(peakRssBytes / 2 ** 20).toFixed(0)} MiB, heap used now ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
