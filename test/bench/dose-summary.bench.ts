/**
 * Latency of the pre-procedure look-up GET /api/v1/patients/{id}/dose-summary (not a test: prints
 * figures). Starts the single-process app (SQLite, in-process bus), sends STUDIES fluoroscopy studies
 * of one patient (each with its skin dose map, 10 mm cells on the human phantom) through STOW, then
 * times REQUESTS sequential look-ups over loopback. Run from the repository root:
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register test/bench/dose-summary.bench.ts [studies…]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSingleProcessApp } from '@kerma/all-in-one';
import { asAnotherStudy, findFreePort, generateRdsr, procedureSpec } from '@kerma/testing';
import { stow } from '@kerma/testing';

const STUDY_COUNTS = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const sizes = STUDY_COUNTS.length > 0 ? STUDY_COUNTS : [1, 5, 20];
const REQUESTS = 50;
const TODAY = new Date().toISOString().slice(0, 10).replace(/-/g, '');

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kerma-bench-summary-'));
  const kerma = await startSingleProcessApp({
    port: await findFreePort(),
    host: '127.0.0.1',
    dataDir,
    defaultSite: 'bench',
    followUpSweepIntervalMs: 0,
    logger: false,
  });
  try {
    console.log('studies  first ms  requests  p50 ms  p95 ms  max ms  cumulativePsdGy');
    for (const count of sizes) {
      const patientId = `BENCH-${count}`;
      for (let i = 0; i < count; i++) {
        const base = procedureSpec({ seed: 100 + i, events: 20, patient: { id: patientId, issuerOfId: null, heightM: 1.7, weightKg: 70 } });
        const spec = asAnotherStudy(base, count, `bench-summary-${i}`, { date: TODAY });
        const result = await stow(kerma.url, [generateRdsr(spec)]);
        if (result.status !== 200) throw new Error(`STOW answered ${result.status}`);
      }
      await kerma.bus.drain();
      const url = `${kerma.url}/api/v1/patients/${patientId}/dose-summary`;
      let last: { cumulativePsdGy: number | null } | null = null;
      // The first look-up after the studies arrived computes the cumulative map; later ones reuse it until a study changes.
      const cold0 = process.hrtime.bigint();
      await (await fetch(url)).text();
      const coldMs = Number(process.hrtime.bigint() - cold0) / 1e6;
      const times: number[] = [];
      for (let r = 0; r < REQUESTS; r++) {
        const t0 = process.hrtime.bigint();
        const response = await fetch(url);
        last = (await response.json()) as { cumulativePsdGy: number | null };
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (response.status !== 200) throw new Error(`dose-summary answered ${response.status}`);
      }
      times.sort((a, b) => a - b);
      console.log(
        `${String(count).padStart(7)}  ${coldMs.toFixed(1).padStart(8)}  ${String(REQUESTS).padStart(8)}  ${percentile(times, 0.5).toFixed(1).padStart(6)}  ${percentile(times, 0.95).toFixed(1).padStart(6)}  ${times.at(-1)!.toFixed(1).padStart(6)}  ${last?.cumulativePsdGy}`,
      );
    }
  } finally {
    await kerma.app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
