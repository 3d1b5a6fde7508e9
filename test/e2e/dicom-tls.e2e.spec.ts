import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSingleProcessApp, type SingleProcessApp } from '@kerma/all-in-one';
import { dicomListenerOptions, dicomSettingsShape } from '@kerma/ingest';
import { loadConfig } from '@kerma/platform';
import { findFreePort, generateRdsr, procedureSpec, getJson } from '@kerma/testing';

const MAKE_CA = resolve(__dirname, '..', '..', 'deploy', 'local', 'tls', 'make-test-ca.sh');

function hasStorescu(): boolean {
  try {
    execFileSync('storescu', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** dcmtk's storescu is the modality here: a real DICOM TLS client (BCP 195 non-downgrading profile by default). */
function storescu(args: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile('storescu', [...args], { encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => {
      done({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

const present = hasStorescu();
if (!present) {
  if (process.env.CI === 'true') throw new Error('dcmtk storescu is needed for the DICOM TLS e2e (apt-get install dcmtk; .ci/run installs it)');
  console.warn('skipping DICOM TLS e2e: dcmtk storescu not installed (apt-get install dcmtk)');
}

(present ? describe : describe.skip)('DICOM C-STORE over TLS with client certificates (dcmtk storescu as the modality)', () => {
  let kerma: SingleProcessApp;
  let dir: string;
  let dicomPort: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kerma-e2e-dicom-tls-'));
    execFileSync(MAKE_CA, [join(dir, 'ca')]);
    execFileSync(MAKE_CA, [join(dir, 'other-ca')]);
    dicomPort = await findFreePort();
    const settings = loadConfig(dicomSettingsShape, {
      DICOM_SITE_BY_CALLING_AE: '{"CATHLAB1":"cath-lab-1"}',
      DICOM_TLS_CERT_FILE: join(dir, 'ca', 'server.crt'),
      DICOM_TLS_KEY_FILE: join(dir, 'ca', 'server.key'),
      DICOM_TLS_CLIENT_CA_FILE: join(dir, 'ca', 'ca.crt'),
    });
    kerma = await startSingleProcessApp({
      port: await findFreePort(),
      host: '127.0.0.1',
      dataDir: join(dir, 'data'),
      defaultSite: 'e2e',
      dicom: dicomListenerOptions(dicomPort, settings, '127.0.0.1'),
      logger: process.env.E2E_LOG ? undefined : false,
    });
  }, 60_000);

  afterAll(async () => {
    await kerma?.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const report = (seed: number) => {
    const spec = procedureSpec({ seed, events: 4 });
    const file = join(dir, `${seed}.dcm`);
    writeFileSync(file, generateRdsr(spec));
    return { spec, file };
  };
  const base = ['-aet', 'CATHLAB1', '-aec', 'KERMA', '127.0.0.1'];

  it('stores a report sent by a modality with a certificate of the trusted CA', async () => {
    const { spec, file } = report(7101);
    const sent = await storescu([
      '+tls',
      join(dir, 'ca', 'client.key'),
      join(dir, 'ca', 'client.crt'),
      '+cf',
      join(dir, 'ca', 'ca.crt'),
      ...base,
      String(dicomPort),
      file,
    ]);
    expect(sent).toEqual({ code: 0, output: expect.not.stringMatching(/E: /) });
    await kerma.bus.drain();
    const { status, body } = await getJson(`${kerma.url}/api/v1/studies/${spec.study.studyInstanceUid}`);
    expect(status).toBe(200);
    expect(body.site).toBe('cath-lab-1');
  });

  it('refuses a modality without a client certificate, one from another CA, and a plain TCP association; nothing is stored', async () => {
    const attempts = [
      ['+tla', '+cf', join(dir, 'ca', 'ca.crt')],
      ['+tls', join(dir, 'other-ca', 'client.key'), join(dir, 'other-ca', 'client.crt'), '+cf', join(dir, 'ca', 'ca.crt')],
      [],
    ];
    for (const [i, tls] of attempts.entries()) {
      const { spec, file } = report(7200 + i);
      const sent = await storescu([...tls, ...base, String(dicomPort), file]);
      expect(sent.code).not.toBe(0);
      await kerma.bus.drain();
      expect((await getJson(`${kerma.url}/api/v1/studies/${spec.study.studyInstanceUid}`)).status).toBe(404);
    }
  });
});

describe('DICOM TLS settings', () => {
  it('names a missing key file and a client CA without TLS', () => {
    expect(() => dicomListenerOptions(11112, loadConfig(dicomSettingsShape, { DICOM_TLS_CERT_FILE: '/nope/server.crt' }), '0.0.0.0')).toThrow(
      /DICOM_TLS_CERT_FILE, DICOM_TLS_KEY_FILE: TLS needs both[\s\S]*DICOM_TLS_CERT_FILE: cannot read \/nope\/server.crt/,
    );
    expect(() => dicomListenerOptions(11112, loadConfig(dicomSettingsShape, { DICOM_TLS_CLIENT_CA_FILE: '/etc/hostname' }), '0.0.0.0')).toThrow(
      /DICOM_TLS_CLIENT_CA_FILE: client certificates need TLS/,
    );
  });
});
