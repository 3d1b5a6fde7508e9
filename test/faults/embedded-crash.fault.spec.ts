import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedKerma } from './support/embedded';
import { expectInvariantsHold } from './support/fixtures';
import { checkInvariants } from './support/invariants';
import { sendStudyStream, sleep } from './support/stow-sender';
import { generateStudyStream } from './support/study-stream';

const STUDIES = 24;

/** `npm start` killed with SIGKILL at a random point of a stream, started again on the same data directory. */
describe('single-process mode: kill -9 mid-stream, restart on the same data', () => {
  let workDir: string;
  let kerma: EmbeddedKerma;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'kerma-faults-embedded-'));
    kerma = await EmbeddedKerma.start(workDir);
  }, 180_000);

  afterAll(async () => {
    await kerma?.stop();
    if (!process.env['KERMA_FAULTS_KEEP_LOGS']) rmSync(workDir, { recursive: true, force: true });
  }, 60_000);

  it('loses and double-counts nothing', async () => {
    const studies = generateStudyStream({ count: STUDIES, patients: 6, runId: Date.now() % 100_000 });
    // Random, and printed, so a failing moment can be told apart from a lucky one.
    const killAfter = 2 + Math.floor(Math.random() * (STUDIES - 6));
    process.stdout.write(`[faults] embedded: kill -9 after ${killAfter} studies settled\n`);
    let fault: Promise<void> | undefined;
    const sent = await sendStudyStream(() => kerma.url(), studies, {
      concurrency: 3,
      pauseMs: 200,
      onSettled: (settled) => {
        if (settled !== killAfter) return;
        fault = (async () => {
          await kerma.kill();
          await sleep(1000);
          await kerma.restart();
        })();
      },
    });
    await fault;
    const report = await checkInvariants({ endpoints: kerma, sent });
    expectInvariantsHold(`embedded kill -9 after ${killAfter}`, report, () => kerma.logTails());
  });
});
