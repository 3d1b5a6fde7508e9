import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSingleProcessApp, type SingleProcessApp } from '@kerma/all-in-one';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the CLI has no library entry point; this test drives its load planner directly
import { planStudies, runLoad, type LoadOptions } from '../../libs/cli/src/commands/load';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the CLI has no library entry point; this test drives its load planner directly
import { formatLoadSummary } from '../../libs/cli/src/commands/load-summary';
import { findFreePort, procedureSpec, type RdsrVendor } from '@kerma/testing';

describe('kerma load against the single-process app', () => {
  let kerma: SingleProcessApp;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kerma-load-'));
    kerma = await startSingleProcessApp({ port: await findFreePort(), host: '127.0.0.1', dataDir, defaultSite: 'load', logger: false });
  }, 60_000);

  afterAll(async () => {
    await kerma?.app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const options = (overrides: Partial<LoadOptions>): LoadOptions => ({
    url: kerma.url,
    readUrl: kerma.url,
    studies: 5,
    concurrency: 2,
    mix: ['standard', 'siemens', 'philips-allura'],
    events: { min: 3, max: 8 },
    seed: 4242,
    timeoutMs: 90_000,
    pollMs: 100,
    ...overrides,
  });

  it('sends a handful of vendor-flavoured studies and sees the skin dose of each', async () => {
    const summary = await runLoad(options({}));
    process.stdout.write(`${formatLoadSummary(summary)}\n`);
    expect(summary.studies).toBe(5);
    expect(summary.done).toBe(5);
    expect(summary.refusedByReason).toEqual({});
    expect(summary.failedByReason).toEqual({});
    expect(summary.latencyMs!.p50).toBeGreaterThan(0);
    expect(summary.latencyMs!.p50).toBeLessThanOrEqual(summary.latencyMs!.max);
    expect(summary.throughputStudiesPerS).toBeGreaterThan(0);
    const o = options({});
    for (const planned of planStudies(o.studies, o.mix, o.events, o.seed)) {
      const uid = procedureSpec({ vendor: planned.vendor as RdsrVendor, seed: planned.seed, events: planned.events }).study.studyInstanceUid;
      const study = (await fetch(`${kerma.url}/api/v1/studies/${uid}`).then((r) => r.json())) as {
        site: string;
        status: { skinDose: { state: string } };
        totals: { eventCount: number };
      };
      expect({ site: study.site, skinDose: study.status.skinDose.state, events: study.totals.eventCount }).toEqual({
        site: 'load',
        skinDose: 'done',
        events: planned.events,
      });
    }
  });

  it('counts what Kerma refuses by reason, and sends nothing to the study view for it', async () => {
    const summary = await runLoad(options({ studies: 2, seed: 5252, site: 'not a site!' }));
    expect(summary.done).toBe(0);
    expect(summary.latencyMs).toBeNull();
    expect(Object.values(summary.refusedByReason)).toEqual([2]);
    expect(Object.keys(summary.refusedByReason)[0]).toMatch(/^http-4\d\d$/);
  });
});
