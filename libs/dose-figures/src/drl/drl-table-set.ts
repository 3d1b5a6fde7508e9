import type { DrlTable } from './drl-table';

/** One table of a combination and where it came from (a shipped table's name, or a file path). */
export interface DrlTablePart {
  readonly origin: string;
  readonly table: DrlTable;
}

/**
 * Several DRL tables compared as one: their levels side by side, their sources merged. A level id
 * must stay unique (a comparison names its level by id), and a source key two tables share must
 * cite the same publication, else a level would be credited to the wrong source. A single table is
 * returned as it is.
 */
export function combineDrlTables(parts: readonly DrlTablePart[]): DrlTable {
  if (parts.length === 0) throw new Error('no DRL table to compare with');
  if (parts.length === 1) return parts[0].table;
  const problems = [...repeatedLevelIds(parts), ...conflictingSources(parts)];
  if (problems.length > 0) throw new Error(`DRL tables cannot be combined: ${problems.join('; ')}`);
  return {
    name: parts.map((p) => p.table.name).join(' + '),
    sources: Object.assign({}, ...parts.map((p) => p.table.sources)) as DrlTable['sources'],
    levels: parts.flatMap((p) => p.table.levels),
  };
}

function repeatedLevelIds(parts: readonly DrlTablePart[]): string[] {
  const firstOrigin = new Map<string, string>();
  const problems: string[] = [];
  for (const { origin, table } of parts)
    for (const { id } of table.levels) {
      const first = firstOrigin.get(id);
      if (first === undefined) firstOrigin.set(id, origin);
      else problems.push(`level id ${id} is in both ${first} and ${origin}`);
    }
  return problems;
}

function conflictingSources(parts: readonly DrlTablePart[]): string[] {
  const first = new Map<string, DrlTablePart>();
  const problems: string[] = [];
  for (const part of parts)
    for (const [key, citation] of Object.entries(part.table.sources)) {
      const earlier = first.get(key);
      if (earlier === undefined) first.set(key, part);
      else if (JSON.stringify(earlier.table.sources[key]) !== JSON.stringify(citation))
        problems.push(`source ${key} cites different publications in ${earlier.origin} and ${part.origin}`);
    }
  return problems;
}
