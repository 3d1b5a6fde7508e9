/**
 * Whole-process start-up of the `kerma` command (not a test: prints figures). Needs `npm run build` first
 * (without a current build, bin/kerma.js compiles the sources on the fly and this measures that instead).
 * Run from the repository root:
 *   node tools/run-ts.js libs/cli/bench/start.bench.ts [runs]
 * Besides wall time it prints the CPU time (user + system) of each process, read with /usr/bin/time when the
 * machine has it: on a shared machine that figure moves far less with the load than the wall time does.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateRdsr, procedureSpec } from '@kerma/testing';

const RUNS = Number(process.argv[2] ?? 15);
const kerma = resolve(__dirname, '..', '..', '..', 'bin', 'kerma.js');

const TIME = '/usr/bin/time';
const hasTime = existsSync(TIME);

/** Wall time of one whole process and, with /usr/bin/time, its CPU time (user + system), ms. */
function timeProcess(args: readonly string[], cpuFile: string): { wallMs: number; cpuMs: number | null } {
  const [command, commandArgs] = hasTime ? [TIME, ['-f', '%U %S', '-o', cpuFile, process.execPath, ...args]] : [process.execPath, args];
  const t0 = process.hrtime.bigint();
  const run = spawnSync(command, commandArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  if (!hasTime) return { wallMs, cpuMs: null };
  const [userS, systemS] = readFileSync(cpuFile, 'utf8').trim().split(/\s+/).map(Number);
  return { wallMs, cpuMs: (userS + systemS) * 1000 };
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
  const cpu: Record<string, number[]> = {};
  const cpuFile = join(dir, 'cpu.txt');
  for (let round = 0; round < RUNS; round++) {
    for (const [name, args] of cases) {
      const { wallMs, cpuMs } = timeProcess(args, cpuFile);
      (timings[name] ??= []).push(wallMs);
      if (cpuMs !== null) (cpu[name] ??= []).push(cpuMs);
    }
  }
  const bare = median(timings[cases[0][0]]);
  process.stdout.write(`${RUNS} interleaved runs per case, median wall time (min–max)${hasTime ? ', median CPU time (user + system)' : ''}:\n`);
  for (const [name] of cases) {
    const t = timings[name];
    const cpuText = cpu[name] ? `  CPU ${median(cpu[name]).toFixed(0).padStart(4)} ms` : '';
    process.stdout.write(
      `  ${name.padEnd(34)} ${median(t).toFixed(0).padStart(5)} ms  (${Math.min(...t).toFixed(0)}–${Math.max(...t).toFixed(0)})  ×${(median(t) / bare).toFixed(1)} bare Node${cpuText}\n`,
    );
  }
  process.stdout.write(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
