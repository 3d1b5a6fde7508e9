import { RdsrReceivedV1 } from '@kerma/contracts';
import { JsonLogger } from '@kerma/platform';
import { generateRdsr, procedureSpec } from '@kerma/testing';
import { getJson, stow, storedCount } from '@kerma/testing';
import { startTemporaryKerma, type TemporaryKerma } from '../support/temporary-kerma';

/** A patient whose name and id are unmistakable in any log line. */
const PATIENT = { id: 'LOGLEAK-PID-731', name: 'Leakcheck^Philomena^Q', issuerOfId: 'LOGLEAK-ISSUER' } as const;
const NAME_PARTS = ['Leakcheck', 'Philomena'];

/** Over the SRDL, so alerts are raised and logged too. */
const spec = procedureSpec({ seed: 73_100, events: 30, mapEvent: (e) => ({ ...e, doseRpGy: 0.25, dapGyM2: 0.0025 }), patient: PATIENT });

describe('logs never name the patient: every line of a run through every service, at the most verbose level', () => {
  const lines: string[] = [];
  let kerma: TemporaryKerma;
  const writes = { stdout: process.stdout.write.bind(process.stdout), stderr: process.stderr.write.bind(process.stderr) };

  beforeAll(async () => {
    // Whatever reaches stdout or stderr, not only what goes through the logger.
    for (const stream of ['stdout', 'stderr'] as const) {
      process[stream].write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        lines.push(
          ...String(chunk)
            .split('\n')
            .filter((l) => l.length > 0),
        );
        return process.env.E2E_LOG ? (writes[stream] as (...a: unknown[]) => boolean)(chunk, ...rest) : true;
      }) as typeof process.stdout.write;
    }
    kerma = await startTemporaryKerma('log-privacy', {
      logger: new JsonLogger('kerma', 'verbose'),
      retryPolicy: { maxAttempts: 2, initialBackoffMs: 10, maxBackoffMs: 10 },
    });
  }, 60_000);

  afterAll(async () => {
    await kerma?.stop();
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
  });

  it('logs the run (intake, parsing, skin dose, alerts, duplicates, failures, API reads) without the name or the id', async () => {
    const report = generateRdsr(spec);
    const first = await stow(kerma.url, [report], 'cath-lab-1');
    expect(storedCount(first)).toBe(1);
    await kerma.bus.drain();
    const study = await getJson(`${kerma.url}/api/v1/studies/${spec.study.studyInstanceUid}`);
    expect(study.body.alerts.length).toBeGreaterThan(0);
    // A duplicate, reads by patient (found, and unknown), a refused query and a message that breaks its contract.
    await stow(kerma.url, [report], 'cath-lab-1');
    expect((await getJson(`${kerma.url}/api/v1/patients/${PATIENT.id}/dose-history?issuer=${PATIENT.issuerOfId}`)).status).toBe(200);
    await getJson(`${kerma.url}/api/v1/patients/${PATIENT.id}X/dose-history`);
    await getJson(`${kerma.url}/api/v1/patients/${PATIENT.id}/dose-history?bogus=${PATIENT.id}`);
    await kerma.bus.publish(RdsrReceivedV1.topic, null, JSON.stringify({ site: 'cath-lab-1', patient: { id: PATIENT.id, name: PATIENT.name } }));
    await kerma.bus.drain();

    expect(lines.length).toBeGreaterThan(20);
    expect(lines.some((l) => l.includes('skin dose computed'))).toBe(true);
    expect(lines.some((l) => l.includes('dose alert raised'))).toBe(true);
    expect(lines.some((l) => l.includes('message dead-lettered'))).toBe(true);
    const leaks = lines.filter((l) => [PATIENT.id, PATIENT.issuerOfId, ...NAME_PARTS].some((secret) => l.toLowerCase().includes(secret.toLowerCase())));
    expect(leaks).toEqual([]);
  });
});
