/**
 * CPU of the skin-dose engine per study on the reports `kerma load` sends (not a test): N generated reports of
 * the six vendor flavours, 3–30 events, and the three sample files, each computed as the skin-dose service does
 * (human phantom, default samples). Prints CPU ms per study and a fingerprint of every result (PSD, map, interval),
 * so a change meant to keep results identical can be checked by comparing the fingerprints before and after:
 *   node tools/run-ts.js libs/dosimetry/bench/mixed-load.bench.ts [studies] [--results=<file>] [--samples=<n>]
 * `--samples` overrides the number of uncertainty samples (to see how the interval moves with fewer).
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDoseReport, type Procedure } from '@kerma/rdsr';
import { generateRdsr, procedureSpec, type RdsrVendor } from '@kerma/testing';
import { computeSkinDose } from '../src';

const VENDORS: RdsrVendor[] = ['standard', 'siemens', 'philips-allura', 'philips-azurion', 'ge-oec', 'canon'];
const studies = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 120);
const resultsFile = process.argv.find((a) => a.startsWith('--results='))?.slice('--results='.length);
const samplesOption = process.argv.find((a) => a.startsWith('--samples='));
const options = { phantom: 'human' as const, ...(samplesOption ? { uncertaintySamples: Number(samplesOption.slice('--samples='.length)) } : {}) };
const samplesDir = process.env.KERMA_SAMPLES_DIR ?? join(__dirname, '../../../../shared/rdsr-samples');

function parse(bytes: Uint8Array): Procedure {
  const out = parseDoseReport(bytes);
  if (!out.ok) throw new Error(out.error.message);
  return out.procedure;
}

const reports: { name: string; procedure: Procedure }[] = [];
for (let i = 0; i < studies; i++) {
  const seed = 1000 + i;
  const events = 3 + ((Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0) % 28);
  const vendor = VENDORS[i % VENDORS.length];
  reports.push({ name: `${vendor}-${seed}-${events}ev`, procedure: parse(generateRdsr(procedureSpec({ vendor, seed, events }))) });
}
for (const file of readdirSync(samplesDir).filter((f) => f.endsWith('.dcm'))) {
  reports.push({ name: file, procedure: parse(new Uint8Array(readFileSync(join(samplesDir, file)))) });
}

const lines: string[] = [];
// Warm-up (JIT, phantom caches) on the first few reports, then the timed pass over all of them.
for (const r of reports.slice(0, 12)) computeSkinDose(r.procedure, options);
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
for (const r of reports) {
  const out = computeSkinDose(r.procedure, options);
  const map = out.doseMap ? createHash('sha256').update(Buffer.from(out.doseMap.doseGy.buffer)).digest('hex').slice(0, 16) : 'none';
  const i = out.psdInterval95Gy;
  lines.push(`${r.name} psd=${out.psdGy} map=${map} interval=${i ? `${i.lowerGy},${i.upperGy}` : 'none'} samples=${out.uncertainty.samples}`);
}
const c = process.cpuUsage(c0);
const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
console.log(`node ${process.version}; ${reports.length} reports (${studies} generated 3–30 events, 6 flavours, + the sample files)`);
console.log(`CPU ${((c.user + c.system) / 1000 / reports.length).toFixed(1)} ms per study, wall ${(wallMs / reports.length).toFixed(1)} ms per study`);
if (resultsFile) writeFileSync(resultsFile, lines.join('\n') + '\n');
