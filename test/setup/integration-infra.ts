// eslint-disable-next-line @nx/enforce-module-boundaries -- jest loads global setup without moduleNameMapper, so no @kerma/* alias here
import { isCi, KAFKA_BROKERS_ENV, PG_ADMIN_URL_ENV, resolveKafka, resolvePostgres, type ResolvedInfra } from '../../libs/testing/src/infra';

/** Handed from global setup to global teardown (both run in jest's parent process). */
export interface StartedIntegrationInfra {
  readonly started: ResolvedInfra[];
}

const HANDOFF_KEY = '__kermaIntegrationInfra';

type WithHandoff = typeof globalThis & { [HANDOFF_KEY]?: StartedIntegrationInfra };

export function rememberStarted(infra: StartedIntegrationInfra): void {
  (globalThis as WithHandoff)[HANDOFF_KEY] = infra;
}

export function takeStarted(): StartedIntegrationInfra {
  const handoff = globalThis as WithHandoff;
  const infra = handoff[HANDOFF_KEY] ?? { started: [] };
  delete handoff[HANDOFF_KEY];
  return infra;
}

export async function stopAll(started: readonly ResolvedInfra[]): Promise<void> {
  const results = await Promise.allSettled([...started].reverse().map((infra) => infra.stop()));
  const failures = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
  for (const failure of failures) console.error('integration teardown:', failure.reason);
}

/** Hides the password of a connection URL for log lines. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable url>';
  }
}

function secondsSince(startMs: number): string {
  return ((Date.now() - startMs) / 1000).toFixed(1);
}

/**
 * Resolves the broker and the database server once per jest run and exports their addresses to workers.
 * A dependency that cannot be provided fails the run in CI; on a developer machine the suites needing it skip.
 */
export async function provideIntegrationInfra(env: NodeJS.ProcessEnv = process.env): Promise<StartedIntegrationInfra> {
  const started: ResolvedInfra[] = [];
  const provide = async (name: string, resolve: () => Promise<ResolvedInfra & { address: string; printableAddress: string }>, envName: string) => {
    const startMs = Date.now();
    try {
      const resolved = await resolve();
      started.push(resolved);
      env[envName] = resolved.address;
      console.log(`integration ${name}: ${resolved.printableAddress} (${resolved.source}, ${secondsSince(startMs)} s)`);
    } catch (error) {
      if (isCi(env)) {
        await stopAll(started);
        throw error;
      }
      console.warn(`integration ${name} unavailable, suites needing it will skip: ${String(error)}`);
    }
  };
  await provide(
    'kafka',
    async () => {
      const kafka = await resolveKafka(env);
      const address = kafka.brokers.join(',');
      return { ...kafka, address, printableAddress: address };
    },
    KAFKA_BROKERS_ENV,
  );
  await provide(
    'postgres',
    async () => {
      const postgres = await resolvePostgres(env);
      return { ...postgres, address: postgres.url, printableAddress: redactUrl(postgres.url) };
    },
    PG_ADMIN_URL_ENV,
  );
  return { started };
}
