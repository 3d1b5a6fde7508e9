import { ConfigError, env, loadConfig } from './load-config';

describe('loadConfig', () => {
  const shape = { KAFKA_BROKERS: env.brokers(), DATABASE_URL: env.postgresUrl(), PORT: env.port(3001) };

  it('parses a valid environment, with defaults', () => {
    const cfg = loadConfig(shape, { KAFKA_BROKERS: 'a:9092, b:9093', DATABASE_URL: 'postgres://u@h:5432/db' });
    expect(cfg).toEqual({ KAFKA_BROKERS: ['a:9092', 'b:9093'], DATABASE_URL: 'postgres://u@h:5432/db', PORT: 3001 });
  });

  it('names every bad or missing variable in one error', () => {
    let error: unknown;
    try {
      loadConfig(shape, { KAFKA_BROKERS: 'no-port-here', PORT: '70000' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(/KAFKA_BROKERS: expected host:port/);
    expect(message).toMatch(/DATABASE_URL: required/);
    expect(message).toMatch(/PORT:/);
  });

  it('does not echo a bad value (it may be a secret)', () => {
    expect(() => loadConfig(shape, { KAFKA_BROKERS: 'a:1', DATABASE_URL: 'mysql://user:s3cret@h/db' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('s3cret') }),
    );
  });
});
