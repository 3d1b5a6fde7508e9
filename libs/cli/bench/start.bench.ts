/**
 * Whole-process start-up of the `kerma` command (not a test: prints figures). Needs `npm run build` first
 * (without a current build, bin/kerma.js compiles the sources on the fly and this measures that instead).
 * Run from the repository root:
 *   node tools/run-ts.js libs/cli/bench/start.bench.ts [runs]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateRdsr, procedureSpec } from '@kerma/testing';

const RUNS = Number(process.argv[2] ?? 15);
const kerma = resolve(__dirname, '..', '..', '..', 'bin', 'kerma.js');

/** Wall time of one whole process, ms. */
function timeProcess(args: readonly string[]): number {
  const t0 = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return wallMs;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const dir = mkdtempSync(join(tmpdir(), 'kerma-cli-bench-'));
try {
  const report = join(dir, 'report-316.dcm');
  writeFileSync(report, generateRdsr(procedureSpec({ seed: 316, events: 316 })));
  const cases: [string, string[]][] = [
    ['node -e 0 (bare Node start-up)', ['-e', '0']],
    ['kerma --help', [kerma, '--help']],
    ['kerma rdsr dump (316 events)', [kerma, 'rdsr', 'dump', report]],
    ['kerma rdsr summary (316 events)', [kerma, 'rdsr', 'summary', report]],
  ];
  // Interleaved, so a change in the machine's load affects every case alike.
  const timings: Record<string, number[]> = {};
  for (let round = 0; round < RUNS; round++) {
    for (const [name, args] of cases) (timings[name] ??= []).push(timeProcess(args));
  }
  const bare = median(timings[cases[0][0]]);
  process.stdout.write(`${RUNS} interleaved runs per case, median wall time (min–max):\n`);
  for (const [name] of cases) {
    const t = timings[name];
    process.stdout.write(
      `  ${name.padEnd(34)} ${median(t).toFixed(0).padStart(5)} ms  (${Math.min(...t).toFixed(0)}–${Math.max(...t).toFixed(0)})  ×${(median(t) / bare).toFixed(1)} bare Node\n`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
