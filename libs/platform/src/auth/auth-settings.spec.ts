import { ConfigError } from '../config/load-config';
import { authSettingsFromEnv } from './auth-settings';
import { serviceTokenSourceFromEnv } from './service-token';

describe('authSettingsFromEnv', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', '::1'])('runs without authentication on the loopback address %s', (host) => {
    expect(authSettingsFromEnv(host, {})).toEqual({ mode: 'none', explicit: false });
  });

  it.each(['0.0.0.0', '10.1.2.3', 'kerma.hospital.example', '::'])(
    'refuses to start on %s without KERMA_AUTH, naming the variable and both ways out',
    (host) => {
      expect(() => authSettingsFromEnv(host, {})).toThrow(ConfigError);
      expect(() => authSettingsFromEnv(host, {})).toThrow(/KERMA_AUTH: not set while HOST=.* is not a loopback address.*KERMA_AUTH=oidc.*KERMA_AUTH=none/);
    },
  );

  it('accepts KERMA_AUTH=none anywhere, as an explicit choice', () => {
    expect(authSettingsFromEnv('0.0.0.0', { KERMA_AUTH: 'none' })).toEqual({ mode: 'none', explicit: true });
  });

  it('requires the issuer and audience with KERMA_AUTH=oidc, naming each missing variable', () => {
    expect(() => authSettingsFromEnv('0.0.0.0', { KERMA_AUTH: 'oidc' })).toThrow(/KERMA_OIDC_ISSUER: required[\s\S]*KERMA_OIDC_AUDIENCE: required/);
    expect(() => authSettingsFromEnv('0.0.0.0', { KERMA_AUTH: 'oidc', KERMA_OIDC_ISSUER: 'not a url', KERMA_OIDC_AUDIENCE: 'kerma' })).toThrow(
      /KERMA_OIDC_ISSUER/,
    );
    expect(() => authSettingsFromEnv('0.0.0.0', { KERMA_AUTH: 'ldap' })).toThrow(/KERMA_AUTH/);
  });

  it('reads the OIDC settings, with the default role and site claims', () => {
    expect(
      authSettingsFromEnv('0.0.0.0', { KERMA_AUTH: 'oidc', KERMA_OIDC_ISSUER: 'https://login.example.org/realms/kerma/', KERMA_OIDC_AUDIENCE: 'kerma' }),
    ).toEqual({
      mode: 'oidc',
      issuer: 'https://login.example.org/realms/kerma',
      audience: 'kerma',
      rolesClaim: 'kerma_roles',
      sitesClaim: 'kerma_sites',
    });
  });
});

describe('serviceTokenSourceFromEnv', () => {
  const oidc = { KERMA_AUTH: 'oidc', KERMA_OIDC_ISSUER: 'https://login.example.org', KERMA_OIDC_AUDIENCE: 'kerma' };

  it('is not needed without OIDC', () => {
    expect(serviceTokenSourceFromEnv({})).toBeUndefined();
  });

  it('requires the client credentials with OIDC, naming them', () => {
    expect(() => serviceTokenSourceFromEnv(oidc)).toThrow(/KERMA_OIDC_CLIENT_ID: required[\s\S]*KERMA_OIDC_CLIENT_SECRET: required/);
    expect(serviceTokenSourceFromEnv({ ...oidc, KERMA_OIDC_CLIENT_ID: 'kerma-parser', KERMA_OIDC_CLIENT_SECRET: 's3cret' })).toBeDefined();
  });
});
