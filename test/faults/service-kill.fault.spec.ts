import { SERVICES, type ServiceName } from './support/deployment';
import { startDeployed, expectInvariantsHold, type DeployedFixture } from './support/fixtures';
import { checkInvariants } from './support/invariants';
import { deadLetterMarks } from './support/kafka-observer';
import { sendStudyStream, sleep } from './support/stow-sender';
import { generateStudyStream } from './support/study-stream';

/** kill -9 of each service in turn, a third into a stream of studies, restarted 3 s later. */
describe('deployed mode: kill -9 of a service mid-stream, then restart', () => {
  let fixture: DeployedFixture;
  const runId = Date.now() % 100_000;

  beforeAll(async () => {
    fixture = await startDeployed();
  }, 300_000);

  afterAll(async () => {
    await fixture?.stop();
  }, 120_000);

  it.each(SERVICES.map((s, i) => [s, i] as [ServiceName, number]))('kill -9 of %s loses and duplicates nothing', async (service, round) => {
    const studies = generateStudyStream({ count: 15, patients: 4, runId: runId * 10 + round });
    // The suite's rounds share one broker: this round answers for the dead letters written from now on.
    const deadLettersAfter = await deadLetterMarks(fixture.broker.brokers);
    let fault: Promise<void> | undefined;
    const sent = await sendStudyStream(() => fixture.deployment.url('ingest'), studies, {
      concurrency: 3,
      pauseMs: 300,
      onSettled: (settled) => {
        if (settled !== 5) return;
        fault = (async () => {
          await fixture.deployment.kill(service);
          await sleep(3000);
          await fixture.deployment.restart(service);
        })();
      },
    });
    await fault;
    const report = await checkInvariants({ endpoints: fixture.deployment, sent, brokers: fixture.broker.brokers, deadLettersAfter });
    expectInvariantsHold(`kill -9 ${service}`, report, () => fixture.deployment.logTails());
  });
});
