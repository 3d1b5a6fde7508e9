import { startDeployed, expectInvariantsHold, type DeployedFixture } from './support/fixtures';
import { checkInvariants } from './support/invariants';
import { sendStudyStream, sleep } from './support/stow-sender';
import { generateStudyStream } from './support/study-stream';

const OUTAGE_MS = 20_000;

/** The broker stopped for 20 s a quarter into a stream, then started again on its data. */
describe('deployed mode: broker stopped mid-stream and restarted with its data', () => {
  let fixture: DeployedFixture;

  beforeAll(async () => {
    fixture = await startDeployed();
  }, 300_000);

  afterAll(async () => {
    await fixture?.stop();
  }, 120_000);

  it('loses and duplicates nothing across a 20 s broker outage', async () => {
    const studies = generateStudyStream({ count: 24, patients: 6, runId: Date.now() % 100_000 });
    let fault: Promise<void> | undefined;
    const sent = await sendStudyStream(() => fixture.deployment.url('ingest'), studies, {
      concurrency: 3,
      pauseMs: 500,
      onSettled: (settled) => {
        if (settled !== 6) return;
        fault = (async () => {
          await fixture.broker.stop();
          await sleep(OUTAGE_MS);
          await fixture.broker.restart();
        })();
      },
    });
    await fault;
    const report = await checkInvariants({ endpoints: fixture.deployment, sent, brokers: fixture.broker.brokers, settleTimeoutMs: 180_000 });
    expectInvariantsHold('broker outage', report, () => fixture.deployment.logTails());
  });
});
