import { findContainerRuntime, type ContainerRuntime } from './container-runtime';
import { InfraUnavailableError, type ResolvedInfra } from './infra-source';
import { postgresScript } from './repo-paths';
import { runScript } from './run-script';

export interface ResolvedPostgres extends ResolvedInfra {
  /** Connection URL of a role allowed to create databases, pointing at the `postgres` database. */
  readonly url: string;
}

export const POSTGRES_IMAGE = 'postgres:15';
const POSTGRES_PORT = 5432;

/**
 * A PostgreSQL server for integration tests: DATABASE_URL / KERMA_TEST_DATABASE_URL when set, else a
 * container when a container runtime exists, else the machine's server (started if it is down).
 */
export async function resolvePostgres(env: NodeJS.ProcessEnv = process.env): Promise<ResolvedPostgres> {
  const given = env['KERMA_TEST_DATABASE_URL'] || env['DATABASE_URL'];
  if (given) {
    return { url: given, source: 'env', stop: async () => undefined };
  }
  const runtime = await findContainerRuntime();
  return runtime ? startPostgresContainer(runtime) : ensureLocalPostgres(env);
}

async function startPostgresContainer({ testcontainers }: ContainerRuntime): Promise<ResolvedPostgres> {
  const { GenericContainer, Wait } = testcontainers;
  const container = await new GenericContainer(POSTGRES_IMAGE)
    .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
    .withExposedPorts(POSTGRES_PORT)
    // The image's init phase runs a temporary server first; the second "ready" line is the real one.
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  return {
    url: `postgres://postgres@${container.getHost()}:${container.getMappedPort(POSTGRES_PORT)}/postgres`,
    source: 'testcontainers',
    stop: async () => {
      await container.stop();
    },
  };
}

/** The machine's server is shared with other work, so stop() leaves it running. */
async function ensureLocalPostgres(env: NodeJS.ProcessEnv): Promise<ResolvedPostgres> {
  try {
    await runScript(postgresScript, ['ensure']);
  } catch (error) {
    throw new InfraUnavailableError('postgres', error instanceof Error ? error.message : String(error));
  }
  const host = env['PGHOST'] || '127.0.0.1';
  const port = env['PGPORT'] || '5432';
  const user = env['PGUSER'] || 'postgres';
  return {
    url: `postgres://${encodeURIComponent(user)}@${host}:${port}/postgres`,
    source: 'local-script',
    stop: async () => undefined,
  };
}
