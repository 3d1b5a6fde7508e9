import { startDeployed, expectInvariantsHold, type DeployedFixture } from './support/fixtures';
import { checkInvariants } from './support/invariants';
import { sendStudyStream } from './support/stow-sender';
import { generateStudyStream } from './support/study-stream';

/** A second parser and a second skin-dose process join their consumer groups a quarter into a stream. */
describe('deployed mode: consumers rebalanced by a second replica joining mid-stream', () => {
  let fixture: DeployedFixture;

  beforeAll(async () => {
    fixture = await startDeployed();
  }, 300_000);

  afterAll(async () => {
    await fixture?.stop();
  }, 120_000);

  it('loses and duplicates nothing while partitions move to the new replicas', async () => {
    const studies = generateStudyStream({ count: 24, patients: 6, runId: Date.now() % 100_000 });
    let fault: Promise<unknown> | undefined;
    const sent = await sendStudyStream(() => fixture.deployment.url('ingest'), studies, {
      concurrency: 3,
      pauseMs: 500,
      onSettled: (settled) => {
        if (settled === 6) fault = Promise.all([fixture.deployment.addReplica('parser'), fixture.deployment.addReplica('skin-dose')]);
      },
    });
    await fault;
    const report = await checkInvariants({ endpoints: fixture.deployment, sent, brokers: fixture.broker.brokers });
    expectInvariantsHold('rebalance', report, () => fixture.deployment.logTails());
  });
});
