/**
 * Parse speed of a 1,000-event RDSR (not a test: prints figures).
 * Run from the repository root:
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register libs/rdsr/bench/parse.bench.ts [events] [runs]
 */
import { generateRdsr, procedureSpec } from '@kerma/testing';
import { parseDoseReport } from '../src';

const EVENTS = Number(process.argv[2] ?? 1000);
const RUNS = Number(process.argv[3] ?? 30);
const WARMUP = 5;

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

const bytes = generateRdsr(procedureSpec({ seed: 42, events: EVENTS, biplane: true, rotationalRuns: 5, steppingRuns: 5 }));
// The generator's own garbage is part of the process before any parse; printed so the peak can be read against it.
const rssBeforeParsing = process.memoryUsage().rss;
const first = parseDoseReport(bytes);
if (!first.ok) throw new Error(`generated report does not parse: ${first.error.code} ${first.error.message}`);
if (first.procedure.events.length !== EVENTS) throw new Error(`expected ${EVENTS} events, got ${first.procedure.events.length}`);

for (let i = 0; i < WARMUP; i++) parseDoseReport(bytes);

const timesMs: number[] = [];
// CPU time is reported too: on a shared machine, wall time includes waiting for a core.
const cpuMs: number[] = [];
let peakRss = process.memoryUsage().rss;
let peakHeap = process.memoryUsage().heapUsed;
for (let i = 0; i < RUNS; i++) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const out = parseDoseReport(bytes);
  timesMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  const c = process.cpuUsage(c0);
  cpuMs.push((c.user + c.system) / 1e3);
  if (!out.ok) throw new Error(out.error.message);
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}
timesMs.sort((a, b) => a - b);
cpuMs.sort((a, b) => a - b);
const median = timesMs[Math.floor(timesMs.length / 2)]!;

process.stdout.write(
  [
    `parseDoseReport: ${EVENTS} events, ${mb(bytes.length)} MiB, ${RUNS} runs after ${WARMUP} warm-up`,
    `  median ${median.toFixed(1)} ms, min ${timesMs[0]!.toFixed(1)} ms, max ${timesMs[timesMs.length - 1]!.toFixed(1)} ms`,
    `  CPU per parse (all threads, GC included): median ${cpuMs[Math.floor(cpuMs.length / 2)]!.toFixed(1)} ms, min ${cpuMs[0]!.toFixed(1)} ms`,
    `  peak RSS ${mb(peakRss)} MiB (${mb(rssBeforeParsing)} MiB before the first parse), peak heap used ${mb(peakHeap)} MiB`,
    '',
  ].join('\n'),
);
