import { parseBrokerList } from './kafka';

/** Variables the integration global setup exports to test workers. */
export const KAFKA_BROKERS_ENV = 'KAFKA_BROKERS';
export const PG_ADMIN_URL_ENV = 'KERMA_TEST_PG_ADMIN_URL';

export type IntegrationDependency = 'kafka' | 'postgres';

const ENV_OF: Record<IntegrationDependency, string> = {
  kafka: KAFKA_BROKERS_ENV,
  postgres: PG_ADMIN_URL_ENV,
};

export class MissingIntegrationInfraError extends Error {
  constructor(readonly missing: readonly IntegrationDependency[]) {
    super(
      `integration infrastructure missing: ${missing.map((dependency) => `${dependency} (${ENV_OF[dependency]})`).join(', ')}; ` +
        'run with test/jest.integration.config.js or set the variables',
    );
    this.name = 'MissingIntegrationInfraError';
  }
}

export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['CI'] === 'true' || env['CI'] === '1';
}

export function missingDependencies(needs: readonly IntegrationDependency[], env: NodeJS.ProcessEnv = process.env): IntegrationDependency[] {
  return needs.filter((dependency) => !env[ENV_OF[dependency]]);
}

/**
 * `describe` for integration suites. When a dependency is missing the suite is skipped with a warning on a
 * developer machine, but in CI it throws: a CI run without its broker or database must fail, not pass green.
 */
export function describeIntegration(needs: readonly IntegrationDependency[], env: NodeJS.ProcessEnv = process.env): jest.Describe {
  const missing = missingDependencies(needs, env);
  if (missing.length === 0) return describe;
  const error = new MissingIntegrationInfraError(missing);
  if (isCi(env)) throw error;
  console.warn(`skipping integration suite: ${error.message}`);
  return describe.skip;
}

export function integrationKafkaBrokers(env: NodeJS.ProcessEnv = process.env): string[] {
  const value = env[KAFKA_BROKERS_ENV];
  if (!value) throw new MissingIntegrationInfraError(['kafka']);
  return parseBrokerList(value);
}

export function integrationPgAdminUrl(env: NodeJS.ProcessEnv = process.env): string {
  const value = env[PG_ADMIN_URL_ENV];
  if (!value) throw new MissingIntegrationInfraError(['postgres']);
  return value;
}
