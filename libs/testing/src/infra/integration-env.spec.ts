import { describeIntegration, integrationKafkaBrokers, MissingIntegrationInfraError, missingDependencies } from './integration-env';
import { InfraUnavailableError } from './infra-source';
import { parseBrokerList } from './kafka';

describe('parseBrokerList', () => {
  it('splits and trims a comma-separated list', () => {
    expect(parseBrokerList(' 127.0.0.1:9092, kafka-1.internal:19092 ')).toEqual(['127.0.0.1:9092', 'kafka-1.internal:19092']);
  });

  it.each(['', ' , ', 'localhost', 'localhost:port', 'a b:9092'])('rejects %j', (value) => {
    expect(() => parseBrokerList(value)).toThrow(InfraUnavailableError);
  });
});

describe('missingDependencies', () => {
  it('names the dependencies whose variables are not set', () => {
    expect(missingDependencies(['kafka', 'postgres'], { KAFKA_BROKERS: '127.0.0.1:9092' })).toEqual(['postgres']);
  });
});

describe('describeIntegration', () => {
  it('returns the real describe when everything is provided', () => {
    const env = { KAFKA_BROKERS: '127.0.0.1:9092', KERMA_TEST_PG_ADMIN_URL: 'postgres://postgres@127.0.0.1/postgres' };
    expect(describeIntegration(['kafka', 'postgres'], env)).toBe(describe);
  });

  it('skips on a developer machine when the broker is missing', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(describeIntegration(['kafka'], {})).toBe(describe.skip);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('KAFKA_BROKERS'));
    } finally {
      warn.mockRestore();
    }
  });

  it('fails in CI when the broker is missing', () => {
    expect(() => describeIntegration(['kafka'], { CI: 'true' })).toThrow(MissingIntegrationInfraError);
  });
});

describe('integrationKafkaBrokers', () => {
  it('throws a typed error when the setup exported no broker', () => {
    expect(() => integrationKafkaBrokers({})).toThrow(MissingIntegrationInfraError);
  });
});
