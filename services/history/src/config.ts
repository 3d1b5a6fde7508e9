import { env, loadConfig, mapFontFileFromEnv } from '@kerma/platform';
import { drlTableFromEnv } from './drl/drl-table-config';
import { fhirPushFromEnv } from './fhir/fhir-push-config';
import type { HistoryOptions } from './history-options';

/** Deployed configuration of the history service, validated at start-up. */
export function historyConfigFromEnv(source: NodeJS.ProcessEnv = process.env): { port: number; options: HistoryOptions } {
  const cfg = loadConfig({ PORT: env.port(3004), DATABASE_URL: env.postgresUrl() }, source);
  return {
    port: cfg.PORT,
    options: {
      database: { kind: 'postgres', url: cfg.DATABASE_URL },
      mapFontFile: mapFontFileFromEnv(source),
      drlTable: drlTableFromEnv(source),
      fhirPush: fhirPushFromEnv(source),
    },
  };
}
