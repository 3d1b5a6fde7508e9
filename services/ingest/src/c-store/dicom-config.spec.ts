import { ConfigError, loadConfig } from '@kerma/platform';
import { ingestConfigFromEnv } from '../config';
import { dicomListenerOptions, dicomSettingsShape, optionalDicomPort } from './dicom-config';

const base = { DATABASE_URL: 'postgres://kerma@db:5432/kerma_ingest', STORAGE_DIR: '/var/lib/kerma', PUBLIC_BASE_URL: 'http://ingest:3001' };
const problemsOf = (env: NodeJS.ProcessEnv): readonly string[] => {
  try {
    ingestConfigFromEnv(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('C-STORE SCP configuration', () => {
  it('is off without DICOM_PORT', () => {
    expect(ingestConfigFromEnv(base).options.dicom).toBeUndefined();
  });

  it('reads port, AE title, site map and allowlist, binding the HOST address', () => {
    const { options } = ingestConfigFromEnv({
      ...base,
      HOST: '10.0.0.5',
      DICOM_PORT: '11112',
      DICOM_AE_TITLE: ' KERMA_DOSE ',
      DICOM_SITE_BY_CALLING_AE: '{"CATHLAB1":"cath-lab-1","CT2":"ct.north"}',
      DICOM_CALLING_AE_ALLOWLIST: 'CATHLAB1, CT2,MOBILE',
    });
    expect(options.dicom).toEqual({
      port: 11112,
      host: '10.0.0.5',
      aeTitle: 'KERMA_DOSE',
      siteByCallingAe: { CATHLAB1: 'cath-lab-1', CT2: 'ct.north' },
      callingAeAllowlist: ['CATHLAB1', 'CT2', 'MOBILE'],
      tls: null,
    });
  });

  it('defaults to AE title KERMA, no site map and no allowlist', () => {
    expect(ingestConfigFromEnv({ ...base, DICOM_PORT: '104' }).options.dicom).toEqual({
      port: 104,
      host: '0.0.0.0',
      aeTitle: 'KERMA',
      siteByCallingAe: {},
      callingAeAllowlist: null,
      tls: null,
    });
  });

  it.each([
    [{ DICOM_PORT: '70000' }, /^DICOM_PORT: /],
    [{ DICOM_PORT: '104', DICOM_AE_TITLE: 'A_TITLE_LONGER_THAN_16' }, /^DICOM_AE_TITLE: .*1 to 16/],
    [{ DICOM_PORT: '104', DICOM_AE_TITLE: 'BACK\\SLASH' }, /^DICOM_AE_TITLE: .*backslash/],
    [{ DICOM_PORT: '104', DICOM_SITE_BY_CALLING_AE: '{CATHLAB1: cath}' }, /^DICOM_SITE_BY_CALLING_AE: not valid JSON/],
    [{ DICOM_PORT: '104', DICOM_SITE_BY_CALLING_AE: '{"CATHLAB1":"cath lab"}' }, /^DICOM_SITE_BY_CALLING_AE: CATHLAB1: site ids/],
    [{ DICOM_PORT: '104', DICOM_SITE_BY_CALLING_AE: '["CATHLAB1"]' }, /^DICOM_SITE_BY_CALLING_AE: .*expected a JSON object/],
    [{ DICOM_PORT: '104', DICOM_CALLING_AE_ALLOWLIST: ' , ' }, /^DICOM_CALLING_AE_ALLOWLIST: /],
  ])('refuses %o with a problem naming the variable', (env, problem) => {
    const problems = problemsOf({ ...base, ...env });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
  });

  it('refuses a site mapping for a calling AE title the allowlist does not allow', () => {
    const problems = problemsOf({ ...base, DICOM_PORT: '104', DICOM_SITE_BY_CALLING_AE: '{"CT9":"ct"}', DICOM_CALLING_AE_ALLOWLIST: 'CATHLAB1' });
    expect(problems).toEqual([expect.stringMatching(/^DICOM_SITE_BY_CALLING_AE: .*CT9.*DICOM_CALLING_AE_ALLOWLIST/)]);
  });

  it('works with another port variable (the single process reads KERMA_DICOM_PORT)', () => {
    const cfg = loadConfig({ KERMA_DICOM_PORT: optionalDicomPort(), ...dicomSettingsShape }, { KERMA_DICOM_PORT: '11112' });
    expect(dicomListenerOptions(cfg.KERMA_DICOM_PORT, cfg, '127.0.0.1')).toMatchObject({ port: 11112, host: '127.0.0.1', aeTitle: 'KERMA' });
  });
});
