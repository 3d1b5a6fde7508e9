import { readFileSync } from 'node:fs';
import {
  DEFAULT_DRL_TABLE_NAMES,
  SHIPPED_DRL_TABLE_NAMES,
  SHIPPED_DRL_TABLES,
  combineDrlTables,
  isShippedDrlTableName,
  parseDrlTable,
  type DrlTable,
  type DrlTablePart,
  type ShippedDrlTableName,
} from '@kerma/dose-figures';
import { ConfigError } from '@kerma/platform';

/**
 * The national DRLs the analytics compare with, validated at start-up:
 * - KERMA_DRL_TABLES: names of shipped tables, comma-separated (default: the UK adult CT NDRLs);
 * - KERMA_DRL_TABLE_FILE: a JSON table of the same form. Alone it replaces the shipped default (as it
 *   always has); with KERMA_DRL_TABLES it is compared with alongside the tables named there.
 * Level ids must stay unique across the tables chosen.
 */
export function drlTableFromEnv(source: NodeJS.ProcessEnv = process.env): DrlTable {
  const names = source.KERMA_DRL_TABLES?.trim();
  const file = source.KERMA_DRL_TABLE_FILE?.trim();
  const problems: string[] = [];
  const shipped = names ? shippedTables(names, problems) : file ? [] : DEFAULT_DRL_TABLE_NAMES.map(shippedPart);
  const local = file ? tableFile(file, problems) : [];
  if (problems.length > 0) throw new ConfigError(problems);
  try {
    return combineDrlTables([...shipped, ...local]);
  } catch (err) {
    throw new ConfigError([`KERMA_DRL_TABLES / KERMA_DRL_TABLE_FILE: ${(err as Error).message}`]);
  }
}

function shippedPart(name: ShippedDrlTableName): DrlTablePart {
  return { origin: name, table: SHIPPED_DRL_TABLES[name] };
}

function shippedTables(list: string, problems: string[]): DrlTablePart[] {
  const names = list.split(',').map((n) => n.trim());
  const known = `shipped tables: ${SHIPPED_DRL_TABLE_NAMES.join(', ')}`;
  if (names.some((n) => n === '')) problems.push(`KERMA_DRL_TABLES: an empty name in "${list}" (${known})`);
  const parts: DrlTablePart[] = [];
  names.forEach((name, i) => {
    if (name === '') return;
    if (!isShippedDrlTableName(name)) problems.push(`KERMA_DRL_TABLES: unknown table "${name}" (${known})`);
    else if (names.indexOf(name) !== i) problems.push(`KERMA_DRL_TABLES: table "${name}" is named twice`);
    else parts.push(shippedPart(name));
  });
  return parts;
}

function tableFile(file: string, problems: string[]): DrlTablePart[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    problems.push(`KERMA_DRL_TABLE_FILE: cannot read ${file} as JSON: ${(err as Error).message}`);
    return [];
  }
  try {
    return [{ origin: file, table: parseDrlTable(json, file) }];
  } catch (err) {
    problems.push(`KERMA_DRL_TABLE_FILE: ${(err as Error).message}`);
    return [];
  }
}
