// eslint-disable-next-line @nx/enforce-module-boundaries -- jest loads global setup without moduleNameMapper, so no @kerma/* alias here
import { PG_ADMIN_URL_ENV, resolvePostgres } from '../../../libs/testing/src/infra';
import { redactUrl, rememberStarted } from '../../setup/integration-infra';

/**
 * The PostgreSQL server, resolved once (KERMA_TEST_DATABASE_URL / DATABASE_URL, a container, or the local
 * server). No broker here: each fault suite starts its own with kafka.sh, because it stops and restarts it.
 * Fault tests are asked for explicitly, so a missing server fails the run instead of skipping.
 */
export default async function faultsGlobalSetup(): Promise<void> {
  const postgres = await resolvePostgres(process.env);
  process.env[PG_ADMIN_URL_ENV] = postgres.url;
  console.log(`fault tests postgres: ${redactUrl(postgres.url)} (${postgres.source})`);
  rememberStarted({ started: [postgres] });
}
