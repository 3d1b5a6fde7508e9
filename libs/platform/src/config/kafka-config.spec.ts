import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaClientConfig } from '@kerma/messaging';
import { ConfigError, loadConfig, env } from './load-config';
import { kafkaSettingsFromEnv } from './kafka-config';

const dir = mkdtempSync(join(tmpdir(), 'kafka-config-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const ca = file('ca.pem', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
const password = file('password', 's3cret\n');

function problemsOf(source: NodeJS.ProcessEnv): string {
  try {
    kafkaSettingsFromEnv('parser', source);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('expected a configuration error');
}

describe('kafkaSettingsFromEnv', () => {
  it('defaults to plaintext without SASL, three partitions consumed at once', () => {
    const settings = kafkaSettingsFromEnv('parser', { KAFKA_BROKERS: 'k:9092' });
    expect(settings).toMatchObject({ brokers: ['k:9092'], serviceId: 'kerma-parser', tls: null, sasl: null, partitionsConsumedConcurrently: 3 });
    expect(kafkaClientConfig(settings, 'consumer')).toMatchObject({ ssl: false, sasl: undefined });
  });

  it('reads SCRAM over TLS with the CA and the password from files', () => {
    const settings = kafkaSettingsFromEnv('parser', {
      KAFKA_BROKERS: 'k:9094',
      KAFKA_SECURITY_PROTOCOL: 'sasl_ssl',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'kerma-parser',
      KAFKA_SASL_PASSWORD_FILE: password,
      KAFKA_TLS_CA_FILE: ca,
    });
    expect(settings.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'kerma-parser', password: 's3cret' });
    const client = kafkaClientConfig(settings, 'producer');
    expect(client.ssl).toEqual({ rejectUnauthorized: true, ca: [expect.stringContaining('BEGIN CERTIFICATE')] });
    expect(client.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'kerma-parser', password: 's3cret' });
  });

  it('names every missing SASL setting', () => {
    const message = problemsOf({ KAFKA_BROKERS: 'k:9092', KAFKA_SECURITY_PROTOCOL: 'sasl_ssl' });
    expect(message).toMatch(/KAFKA_SASL_MECHANISM: required/);
    expect(message).toMatch(/KAFKA_SASL_USERNAME: required/);
    expect(message).toMatch(/KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE: required/);
  });

  it('names an unreadable mounted file without printing any secret', () => {
    const message = problemsOf({
      KAFKA_BROKERS: 'k:9092',
      KAFKA_SECURITY_PROTOCOL: 'sasl_ssl',
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      KAFKA_SASL_USERNAME: 'u',
      KAFKA_SASL_PASSWORD: 'never-printed',
      KAFKA_TLS_CA_FILE: join(dir, 'missing.pem'),
    });
    expect(message).toMatch(/KAFKA_TLS_CA_FILE: cannot read .*missing\.pem \(ENOENT\)/);
    expect(message).not.toContain('never-printed');
  });

  it('refuses settings that the chosen protocol would silently ignore', () => {
    expect(problemsOf({ KAFKA_BROKERS: 'k:9092', KAFKA_TLS_CA_FILE: ca })).toMatch(/KAFKA_TLS_CA_FILE: set, but KAFKA_SECURITY_PROTOCOL=plaintext/);
    expect(problemsOf({ KAFKA_BROKERS: 'k:9092', KAFKA_SASL_MECHANISM: 'plain' })).toMatch(/KAFKA_SASL_MECHANISM: set, but/);
    expect(
      problemsOf({
        KAFKA_BROKERS: 'k:9092',
        KAFKA_SECURITY_PROTOCOL: 'sasl_plaintext',
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD: 'p',
      }),
    ).toMatch(/plain sends the password in clear/);
    expect(problemsOf({ KAFKA_BROKERS: 'k:9092', KAFKA_SECURITY_PROTOCOL: 'ssl', KAFKA_TLS_CERT_FILE: ca })).toMatch(/needs both, or neither/);
  });
});

describe('DATABASE_URL TLS parameters', () => {
  const shape = { DATABASE_URL: env.postgresUrl() };
  it('accepts libpq sslmode and existing certificate files', () => {
    const url = `postgres://kerma@db:5432/history?sslmode=verify-full&sslrootcert=${ca}`;
    expect(loadConfig(shape, { DATABASE_URL: url }).DATABASE_URL).toBe(url);
  });
  it('names an unknown sslmode and a missing certificate', () => {
    expect(() => loadConfig(shape, { DATABASE_URL: 'postgres://kerma:pw@db/history?sslmode=verify' })).toThrow(/DATABASE_URL: sslmode=verify is not one of/);
    expect(() => loadConfig(shape, { DATABASE_URL: 'postgres://kerma@db/history?sslmode=verify-ca&sslrootcert=/nope/ca.crt' })).toThrow(
      /DATABASE_URL: sslrootcert=\/nope\/ca.crt: no such file/,
    );
  });
});
