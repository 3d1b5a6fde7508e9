// eslint-disable-next-line @nx/enforce-module-boundaries -- the CLI has no library entry point; this test drives its load planner directly
import { planStudies, runLoad, type LoadOptions } from '../../libs/cli/src/commands/load';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the CLI has no library entry point; this test drives its load planner directly
import { formatLoadSummary } from '../../libs/cli/src/commands/load-summary';
import { procedureSpec, type RdsrVendor } from '@kerma/testing';
import { startTemporaryKerma, type TemporaryKerma } from '../support/temporary-kerma';

describe('kerma load against the single-process app', () => {
  let kerma: TemporaryKerma;

  beforeAll(async () => {
    kerma = await startTemporaryKerma('load', {
      defaultSite: 'load',
    });
  }, 60_000);

  afterAll(async () => {
    await kerma?.stop();
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
