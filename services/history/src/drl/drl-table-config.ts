import { readFileSync } from 'node:fs';
import { DEFAULT_DRL_TABLE, parseDrlTable, type DrlTable } from '@kerma/dose-figures';
import { ConfigError } from '@kerma/platform';

/** KERMA_DRL_TABLE_FILE: a JSON DRL table replacing the shipped one, validated at start-up. */
export function drlTableFromEnv(source: NodeJS.ProcessEnv = process.env): DrlTable {
  const file = source.KERMA_DRL_TABLE_FILE?.trim();
  if (!file) return DEFAULT_DRL_TABLE;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError([`KERMA_DRL_TABLE_FILE: cannot read ${file} as JSON: ${(err as Error).message}`]);
  }
  try {
    return parseDrlTable(json, file);
  } catch (err) {
    throw new ConfigError([`KERMA_DRL_TABLE_FILE: ${(err as Error).message}`]);
  }
}
