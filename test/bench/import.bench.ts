/**
 * Throughput of `kerma import` into a running single process (not a test: prints figures). Generates N
 * small dose reports into a folder, starts the single-process app (SQLite, embedded bus) in this
 * process, runs `kerma import --concurrency C --batch B` as its own process and prints files/s from the CLI's
 * wall time, with the machine's load average before and after. The pipeline (parse, skin dose) runs
 * meanwhile in the app, as it would in production; `--drain` also waits for it to finish.
 * `--url=URL --pid=PID` imports into a Kerma already running (e.g. the deployed ingest service alone) and
 * reads that process's CPU time from /proc instead; it then also waits until the outbox announced every
 * stored object (ingest's kerma_messages_produced_total for rdsr.received), the rest of the per-file cost.
 * Run from the repository root:
 *   node tools/run-ts.js test/bench/import.bench.ts [files=2000] [concurrency=8] [--batch=16] [--drain] [--url=URL --pid=PID] [--seed=N]
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSingleProcessApp } from '@kerma/all-in-one';
import { findFreePort, generateRdsr, procedureSpec } from '@kerma/testing';

const [files, concurrency] = process.argv
  .slice(2)
  .filter((a) => !a.startsWith('--'))
  .map(Number);
const FILES = files || 2000;
const CONCURRENCY = concurrency || 8;
const DRAIN = process.argv.includes('--drain');
const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const EXTERNAL_URL = flag('url');
const EXTERNAL_PID = flag('pid');
/** Files per STOW-RS request (`kerma import --batch`); 1 sends each file alone. */
const BATCH = Number(flag('batch') ?? 16);
/** Seeds of the generated reports; another value gives other objects (a Kerma that holds the first run's answers duplicates). */
const FIRST_SEED = Number(flag('seed') ?? 90_000);
const kermaBin = resolve(__dirname, '..', '..', 'bin', 'kerma.js');

/** CPU seconds (user + system) of another process, from /proc (clock ticks of 1/100 s on Linux). */
function procCpuSeconds(pid: string): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU time (user + system) used by Kerma since the start mark: this process, or the one given by --pid. */
function cpuMark(): () => number {
  if (EXTERNAL_PID) {
    const start = procCpuSeconds(EXTERNAL_PID);
    return () => procCpuSeconds(EXTERNAL_PID) - start;
  }
  const start = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1e6;
  };
}

/** rdsr.received events a running Kerma has published, from its /metrics. */
async function announcedCount(url: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', url))).text();
  const line = text.split('\n').find((l) => l.startsWith('kerma_messages_produced_total{') && l.includes('topic="kerma.rdsr.received.v1"'));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

function runCli(args: readonly string[]): Promise<{ code: number | null; lastLines: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [kermaBin, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
    let tail = '';
    child.stdout.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString('utf8')).slice(-2000)));
    child.on('exit', (code) => done({ code, lastLines: tail.trim().split('\n').slice(-3).join('\n') }));
  });
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'kerma-import-bench-'));
  const archive = join(root, 'archive');
  mkdirSync(archive);
  let bytes = 0;
  for (let i = 0; i < FILES; i++) {
    const report = generateRdsr(procedureSpec({ seed: FIRST_SEED + i, events: 5 }));
    bytes += report.byteLength;
    writeFileSync(join(archive, `r-${String(i).padStart(5, '0')}.dcm`), report);
  }
  const kerma = EXTERNAL_URL
    ? null
    : await startSingleProcessApp({
        port: await findFreePort(),
        host: '127.0.0.1',
        dataDir: join(root, 'data'),
        defaultSite: 'bench',
        followUpSweepIntervalMs: 0,
        logger: false,
      });
  const url = EXTERNAL_URL ?? kerma!.url;
  try {
    process.stdout.write(
      `${FILES} files (mean ${(bytes / FILES / 1024).toFixed(0)} kB), --concurrency ${CONCURRENCY} --batch ${BATCH}, ${cpus().length} cores, load average before: ${load()}\n`,
    );
    const announcedBefore = EXTERNAL_URL ? await announcedCount(url) : 0;
    const t0 = process.hrtime.bigint();
    const cpu = cpuMark();
    const run = await runCli([
      'import',
      archive,
      '--url',
      url,
      '--concurrency',
      String(CONCURRENCY),
      '--batch',
      String(BATCH),
      '--journal',
      join(root, 'journal.jsonl'),
    ]);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpuS = cpu();
    process.stdout.write(
      `${run.lastLines}\nimport: ${seconds.toFixed(1)} s, ${(FILES / seconds).toFixed(1)} files/s (exit ${run.code}); Kerma used ${cpuS.toFixed(1)} CPU s (${((cpuS * 1000) / FILES).toFixed(1)} ms a file); load average after: ${load()}\n`,
    );
    if (EXTERNAL_URL) {
      while ((await announcedCount(url)) - announcedBefore < FILES) await new Promise((r) => setTimeout(r, 100));
      const total = Number(process.hrtime.bigint() - t0) / 1e9;
      const allCpuS = cpu();
      process.stdout.write(
        `every object announced (rdsr.received) after ${total.toFixed(1)} s: ${(FILES / total).toFixed(1)} files/s; Kerma used ${allCpuS.toFixed(1)} CPU s (${((allCpuS * 1000) / FILES).toFixed(1)} ms a file); load average: ${load()}\n`,
      );
    }
    if (DRAIN && kerma) {
      await kerma.bus.drain();
      const total = Number(process.hrtime.bigint() - t0) / 1e9;
      const allCpuS = cpu();
      process.stdout.write(
        `pipeline drained (parsed, skin dose) after ${total.toFixed(1)} s: ${(FILES / total).toFixed(1)} studies/s end to end; Kerma used ${allCpuS.toFixed(1)} CPU s in all (${((allCpuS * 1000) / FILES).toFixed(1)} ms a study); load average: ${load()}\n`,
      );
    }
  } finally {
    await kerma?.app.close();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exitCode = 1;
});
