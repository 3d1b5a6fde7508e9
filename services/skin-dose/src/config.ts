import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { validateProfile, type GeometryProfile } from '@kerma/dosimetry';
import { ConfigError, env, loadConfig, mapFontFileFromEnv } from '@kerma/platform';
import type { SkinDoseServiceOptions } from './skin-dose-options';

/** KERMA_PROFILES_FILE: a JSON array of geometry profiles (or one profile), each validated. */
export function profilesFromEnv(source: NodeJS.ProcessEnv = process.env): GeometryProfile[] {
  const file = source.KERMA_PROFILES_FILE;
  if (!file) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError([`KERMA_PROFILES_FILE: cannot read ${file} as JSON: ${(err as Error).message}`]);
  }
  const problems: string[] = [];
  const profiles = (Array.isArray(raw) ? raw : [raw]).flatMap((candidate, i) => {
    const validation = validateProfile(candidate);
    if (validation.ok) return [validation.profile];
    problems.push(`KERMA_PROFILES_FILE: profile #${i + 1}: ${validation.error.message}`);
    return [];
  });
  if (problems.length) throw new ConfigError(problems);
  return profiles;
}

export const engineSettingsShape = {
  KERMA_PHANTOM: z.enum(['human', 'cylinder', 'plane']).default('human'),
  KERMA_SKIN_CELL_MM: z.coerce.number().min(1).max(10).default(10),
};

/** Days a patient size received before its study is kept waiting for it. */
export const patientSizeSettingsShape = {
  KERMA_PENDING_SIZE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
};

/** Deployed configuration of the skin-dose service, validated at start-up. */
export function skinDoseConfigFromEnv(source: NodeJS.ProcessEnv = process.env): { port: number; options: SkinDoseServiceOptions } {
  const cfg = loadConfig(
    {
      PORT: env.port(3003),
      DATABASE_URL: env.postgresUrl(),
      PUBLIC_BASE_URL: z.string({ required_error: 'required (URL at which this service is reached, for map links)' }).url(),
      ...engineSettingsShape,
      ...patientSizeSettingsShape,
    },
    source,
  );
  return {
    port: cfg.PORT,
    options: {
      database: { kind: 'postgres', url: cfg.DATABASE_URL },
      publicBaseUrl: cfg.PUBLIC_BASE_URL,
      profiles: profilesFromEnv(source),
      engine: { phantom: cfg.KERMA_PHANTOM, cellSizeMm: cfg.KERMA_SKIN_CELL_MM },
      mapFontFile: mapFontFileFromEnv(source),
      pendingSizeDays: cfg.KERMA_PENDING_SIZE_DAYS,
    },
  };
}
