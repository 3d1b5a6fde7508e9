import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dicomListenerOptions, dicomSettingsShape } from '@kerma/ingest';
import { loadConfig } from '@kerma/platform';
import { dcmtk, describeWithDcmtk, findFreePort, generateRdsr, procedureSpec, getJson } from '@kerma/testing';
import { startTemporaryKerma, type TemporaryKerma } from '../support/temporary-kerma';

const MAKE_CA = resolve(__dirname, '..', '..', 'deploy', 'local', 'tls', 'make-test-ca.sh');

// dcmtk's storescu is the modality here: a real DICOM TLS client (BCP 195 non-downgrading profile by default).
describeWithDcmtk(['storescu'], 'DICOM TLS e2e')('DICOM C-STORE over TLS with client certificates (dcmtk storescu as the modality)', () => {
  let kerma: TemporaryKerma;
  let dicomPort: number;

  beforeAll(async () => {
    dicomPort = await findFreePort();
    kerma = await startTemporaryKerma('dicom-tls', (folder) => {
      execFileSync(MAKE_CA, [join(folder, 'ca')]);
      execFileSync(MAKE_CA, [join(folder, 'other-ca')]);
      const settings = loadConfig(dicomSettingsShape, {
        DICOM_SITE_BY_CALLING_AE: '{"CATHLAB1":"cath-lab-1"}',
        DICOM_TLS_CERT_FILE: join(folder, 'ca', 'server.crt'),
        DICOM_TLS_KEY_FILE: join(folder, 'ca', 'server.key'),
        DICOM_TLS_CLIENT_CA_FILE: join(folder, 'ca', 'ca.crt'),
      });
      return { dicom: dicomListenerOptions(dicomPort, settings, '127.0.0.1') };
    });
  }, 60_000);

  afterAll(async () => {
    await kerma?.stop();
  });

  const report = (seed: number) => {
    const spec = procedureSpec({ seed, events: 4 });
    const file = join(kerma.dir, `${seed}.dcm`);
    writeFileSync(file, generateRdsr(spec));
    return { spec, file };
  };
  const base = ['-aet', 'CATHLAB1', '-aec', 'KERMA', '127.0.0.1'];

  it('stores a report sent by a modality with a certificate of the trusted CA', async () => {
    const { spec, file } = report(7101);
    const sent = await dcmtk('storescu', [
      '+tls',
      join(kerma.dir, 'ca', 'client.key'),
      join(kerma.dir, 'ca', 'client.crt'),
      '+cf',
      join(kerma.dir, 'ca', 'ca.crt'),
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
      ['+tla', '+cf', join(kerma.dir, 'ca', 'ca.crt')],
      ['+tls', join(kerma.dir, 'other-ca', 'client.key'), join(kerma.dir, 'other-ca', 'client.crt'), '+cf', join(kerma.dir, 'ca', 'ca.crt')],
      [],
    ];
    for (const [i, tls] of attempts.entries()) {
      const { spec, file } = report(7200 + i);
      const sent = await dcmtk('storescu', [...tls, ...base, String(dicomPort), file]);
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
