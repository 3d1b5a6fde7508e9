/**
 * Prints how long generating dose reports takes (spec building and dcmjs writing separately).
 * Run: node -r @swc-node/register libs/testing/bench/rdsr-generator.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { buildProcedureSpec, generateRdsr, type RdsrVendor } from '../src/rdsr-generator';

function timeMs<T>(run: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = run();
  return { result, ms: performance.now() - start };
}

const cases: ReadonlyArray<{ vendor: RdsrVendor; events: number }> = [
  { vendor: 'standard', events: 10 },
  { vendor: 'standard', events: 100 },
  { vendor: 'standard', events: 1000 },
  { vendor: 'siemens', events: 1000 },
  { vendor: 'philips-allura', events: 1000 },
  { vendor: 'standard', events: 4000 },
];

generateRdsr(buildProcedureSpec({ events: 50 }));
for (const { vendor, events } of cases) {
  const spec = timeMs(() => buildProcedureSpec({ vendor, events, biplane: true, rotationalRuns: 1 }));
  const bytes = timeMs(() => generateRdsr(spec.result));
  process.stdout.write(
    `${vendor.padEnd(16)} ${String(events).padStart(5)} events: spec ${spec.ms.toFixed(1)} ms, write ${bytes.ms.toFixed(0)} ms, ` +
      `${(bytes.result.byteLength / 1e6).toFixed(2)} MB\n`,
  );
}
