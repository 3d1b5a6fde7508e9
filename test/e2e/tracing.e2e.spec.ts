import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findFreePort, generateRdsr, procedureSpec, eventually, getJson, stow } from '@kerma/testing';
import { startOtlpReceiver, spanAttribute as attribute, type OtlpReceiver } from '../support/otlp-receiver';

const REPO = resolve(__dirname, '..', '..');

describe('tracing: one trace from the STOW-RS request to the dose alert (`npm start` with an OTLP/HTTP endpoint)', () => {
  const patientId = 'TRACE-PATIENT-4711';
  const spec = procedureSpec({ seed: 4711, events: 30, patient: { id: patientId }, mapEvent: (e) => ({ ...e, doseRpGy: 0.25, dapGyM2: 0.0025 }) });
  let receiver: OtlpReceiver;
  let kerma: ChildProcess;
  let url: string;
  let dataDir: string;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    dataDir = mkdtempSync(join(tmpdir(), 'kerma-e2e-tracing-'));
    const port = await findFreePort();
    url = `http://127.0.0.1:${port}`;
    // The process `npm start` runs, with the exporter as configured in production (not inside the test's VM).
    kerma = spawn(process.execPath, [join(REPO, 'tools', 'run-ts.js'), join(REPO, 'services', 'all-in-one', 'src', 'main.ts')], {
      cwd: REPO,
      env: { ...process.env, PORT: String(port), KERMA_DATA_DIR: dataDir, KERMA_OTLP_TRACES_ENDPOINT: receiver.url, LOG_LEVEL: 'log' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    kerma.stdout!.on('data', (c: Buffer) => (log += c.toString()));
    kerma.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    await eventually(async () => ((await fetch(`${url}/health`).catch(() => null))?.ok ? true : undefined), `kerma answering /health\n${log}`, 120_000);
  }, 150_000);

  afterAll(async () => {
    if (kerma && kerma.exitCode === null) {
      const exited = new Promise((r) => kerma.once('exit', r));
      kerma.kill('SIGTERM');
      await exited;
    }
    await receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('links STOW, every publish and every consumer of the study, up to the dose-alert publish, in one trace without patient ids', async () => {
    await stow(url, [generateRdsr(spec)], 'cath-lab-1');
    await eventually(
      async () => {
        const { body } = await getJson(`${url}/api/v1/alerts?studyInstanceUid=${spec.study.studyInstanceUid}`);
        // The PSD alert comes last: after skin-dose's result has been handled by notification.
        return (body.alerts as { metric: string }[] | undefined)?.some((a) => a.metric === 'peak-skin-dose') ? true : undefined;
      },
      'the peak skin dose alert',
      90_000,
    );
    // SIGTERM flushes the spans still buffered before the process exits.
    const exited = new Promise((r) => kerma.once('exit', r));
    kerma.kill('SIGTERM');
    await exited;

    const stowSpan = receiver.spans.find((s) => s.name === 'POST /dicomweb/studies');
    expect(stowSpan).toBeDefined();
    const trace = receiver.spans.filter((s) => s.traceId === stowSpan!.traceId);
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const names = trace.map((s) => `${s.name}${attribute(s, 'messaging.consumer.group.name') ? ` (${attribute(s, 'messaging.consumer.group.name')})` : ''}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'send kerma.rdsr.received.v1',
        'process kerma.rdsr.received.v1 (kerma-parser)',
        'send kerma.study.parsed.v2',
        'process kerma.study.parsed.v2 (kerma-skin-dose)',
        'process kerma.study.parsed.v2 (kerma-history)',
        'process kerma.study.parsed.v2 (kerma-notification)',
        'send kerma.skin-dose.calculated.v2',
        'process kerma.skin-dose.calculated.v2 (kerma-notification)',
        'send kerma.dose-alert.v1',
      ]),
    );
    // Every consumer span is the child of a producer span of its topic; the first producer is the STOW request's child.
    for (const span of trace.filter((s) => s.name.startsWith('process '))) {
      expect(byId.get(span.parentSpanId ?? '')?.name).toBe(span.name.replace('process ', 'send '));
    }
    expect(trace.find((s) => s.name === 'send kerma.rdsr.received.v1')!.parentSpanId).toBe(stowSpan!.spanId);
    const alertSend = trace.find((s) => s.name === 'send kerma.dose-alert.v1')!;
    expect(byId.get(alertSend.parentSpanId ?? '')?.name).toMatch(/^process kerma\.(skin-dose\.calculated|study\.parsed)\.v2$/);

    expect(JSON.stringify(receiver.spans)).not.toContain(patientId);
  }, 150_000);
});
