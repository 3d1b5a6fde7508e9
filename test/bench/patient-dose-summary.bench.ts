/**
 * Pre-procedure look-up benchmark (not a test): GET /api/v1/patients/{id}/dose-summary against a
 * single-process instance whose patient has 20 fluoroscopy studies in the window (each with its skin
 * dose map), 500 requests one after the other. Prints p50/p95/p99, the first (cold) request, and the
 * machine's load. Run from the repository root:
 *   node tools/run-ts.js test/bench/patient-dose-summary.bench.ts [studies] [requests]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSingleProcessApp } from '@kerma/all-in-one';
import { asAnotherStudy, findFreePort, generateRdsr, procedureSpec, type ProcedureSpec } from '@kerma/testing';

const STUDIES = Number(process.argv[2] ?? 20);
const REQUESTS = Number(process.argv[3] ?? 500);
const PATIENT_ID = 'BENCH-SUMMARY';
const TODAY = new Date().toISOString().slice(0, 10).replace(/-/g, '');

function study(i: number): ProcedureSpec {
  const base = procedureSpec({ seed: 100 + i, events: 30, patient: { id: PATIENT_ID, issuerOfId: 'BENCH', heightM: 1.7, weightKg: 70 } });
  return asAnotherStudy(base, 7, `bench-summary-${i}`, {
    date: TODAY,
    time: `${String(8 + (i % 10)).padStart(2, '0')}${String(i).padStart(2, '0')}00`,
  });
}

async function stow(url: string, bytes: Uint8Array): Promise<void> {
  const response = await fetch(`${url}/dicomweb/studies?site=bench`, { method: 'POST', headers: { 'content-type': 'application/dicom' }, body: bytes });
  if (response.status !== 200) throw new Error(`STOW answered ${response.status}`);
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const ms = (v: number): string => `${v.toFixed(2)} ms`;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kerma-bench-summary-'));
  const kerma = await startSingleProcessApp({ port: await findFreePort(), host: '127.0.0.1', dataDir, defaultSite: 'bench', logger: false });
  try {
    for (let i = 0; i < STUDIES; i++) await stow(kerma.url, generateRdsr(study(i)));
    await kerma.bus.drain();
    const path = `${kerma.url}/api/v1/patients/${PATIENT_ID}/dose-summary?issuer=BENCH`;
    const once = async (): Promise<{ wallMs: number; body: { studyCountInWindow: number; cumulativePsdGy: number | null } }> => {
      const t0 = process.hrtime.bigint();
      const response = await fetch(path);
      const body = (await response.json()) as { studyCountInWindow: number; cumulativePsdGy: number | null };
      if (response.status !== 200) throw new Error(`dose-summary answered ${response.status}: ${JSON.stringify(body)}`);
      return { wallMs: Number(process.hrtime.bigint() - t0) / 1e6, body };
    };
    const load0 = loadavg();
    const cold = await once();
    if (cold.body.studyCountInWindow !== STUDIES) throw new Error(`expected ${STUDIES} studies in the window, got ${cold.body.studyCountInWindow}`);
    const times: number[] = [];
    const cpu0 = process.cpuUsage();
    const t0 = Date.now();
    for (let i = 0; i < REQUESTS; i++) times.push((await once()).wallMs);
    const elapsedS = (Date.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const sorted = times.sort((a, b) => a - b);
    console.log(
      `dose-summary of a patient with ${STUDIES} studies (cumulative PSD ${cold.body.cumulativePsdGy} Gy), ${REQUESTS} sequential requests, single process (SQLite)`,
    );
    console.log(`first request (cumulative map computed): ${ms(cold.wallMs)}`);
    console.log(`p50 ${ms(percentile(sorted, 50))}  p95 ${ms(percentile(sorted, 95))}  p99 ${ms(percentile(sorted, 99))}  max ${ms(sorted.at(-1)!)}`);
    console.log(
      `throughput ${(REQUESTS / elapsedS).toFixed(0)} req/s; process CPU ${((cpu.user + cpu.system) / 1000 / REQUESTS).toFixed(2)} ms per request (client and server in one process)`,
    );
    console.log(
      `machine: ${cpus().length} cores, load average before ${load0.map((l) => l.toFixed(2)).join(' ')}, after ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await kerma.app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
