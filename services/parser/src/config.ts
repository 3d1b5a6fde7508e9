import { env, loadConfig, serviceTokenSourceFromEnv } from '@kerma/platform';
import type { ParserOptions } from './parser-options';

/** Deployed configuration of the parser service, validated at start-up. */
export function parserConfigFromEnv(source: NodeJS.ProcessEnv = process.env): { port: number; options: ParserOptions } {
  const cfg = loadConfig(
    {
      PORT: env.port(3002),
      DATABASE_URL: env.postgresUrl(),
      MAX_OBJECT_BYTES: env.positiveInt(256 * 1024 * 1024),
      FETCH_TIMEOUT_MS: env.positiveInt(30_000),
    },
    source,
  );
  return {
    port: cfg.PORT,
    options: {
      database: { kind: 'postgres', url: cfg.DATABASE_URL },
      maxObjectBytes: cfg.MAX_OBJECT_BYTES,
      fetchTimeoutMs: cfg.FETCH_TIMEOUT_MS,
      serviceToken: serviceTokenSourceFromEnv(source),
    },
  };
}
