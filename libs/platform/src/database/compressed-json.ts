import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { QueryRunner, ValueTransformer } from 'typeorm';

/**
 * Large JSON values (a parsed procedure, a result) are stored as Brotli, base64 in a text column:
 * PostgreSQL and SQLite share no binary column type in TypeORM, and the SQLite schema is synchronized
 * from the entities. Quality 4: a 53 KiB procedure's JSON shrinks to 3.8 KiB (gzip 4.1, quality 6 3.5) in
 * under half quality 6's time (0.28 against 0.60 ms); reading back costs the same (docs/performance.md,
 * second round). Values written at any quality read back alike.
 */
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } };

export function compressJson(value: unknown): string {
  return brotliCompressSync(JSON.stringify(value), BROTLI).toString('base64');
}

export function decompressJson<T>(stored: string): T {
  return JSON.parse(brotliDecompressSync(Buffer.from(stored, 'base64')).toString('utf8')) as T;
}

/** Whether a stored value is already compressed: base64 never starts like a JSON object or array. */
export function isCompressedJson(stored: string): boolean {
  return !stored.startsWith('{') && !stored.startsWith('[');
}

/** Column transformer: the entity holds the value, the column its compressed JSON (null stays null). */
export const COMPRESSED_JSON: ValueTransformer = {
  to: (value: unknown) => (value === null || value === undefined ? value : compressJson(value)),
  from: (stored: string | null) => (stored === null || stored === undefined ? stored : decompressJson(stored)),
};

/**
 * Rewrites one text column of every row with `convert` (plain JSON → compressed), a page at a time, for
 * data migrations that run on PostgreSQL and SQLite alike. `key` names the primary key columns.
 */
export async function convertColumn(
  queryRunner: QueryRunner,
  table: string,
  key: readonly string[],
  column: string,
  convert: (stored: string) => string | null,
): Promise<number> {
  // A new SQLite file has no tables yet when its data migrations run (before synchronization).
  if (!(await queryRunner.hasTable(table))) return 0;
  const postgres = queryRunner.connection.options.type === 'postgres';
  const param = (i: number) => (postgres ? `$${i}` : '?');
  const keys = key.map((k) => `"${k}"`).join(', ');
  let converted = 0;
  let after: unknown[] | null = null;
  const PAGE = 200;
  for (;;) {
    const where = after === null ? '' : `WHERE (${keys}) > (${key.map((_, i) => param(i + 1)).join(', ')})`;
    const rows = (await queryRunner.query(
      `SELECT ${keys}, "${column}" AS value FROM "${table}" ${where} ORDER BY ${keys} LIMIT ${PAGE}`,
      after ?? [],
    )) as Record<string, unknown>[];
    for (const row of rows) {
      const value = row['value'] as string | null;
      const next = value === null ? null : convert(value);
      if (next === null || next === value) continue;
      await queryRunner.query(`UPDATE "${table}" SET "${column}" = ${param(1)} WHERE ${key.map((k, i) => `"${k}" = ${param(i + 2)}`).join(' AND ')}`, [
        next,
        ...key.map((k) => row[k]),
      ]);
      converted++;
    }
    if (rows.length < PAGE) return converted;
    const last = rows[rows.length - 1]!;
    after = key.map((k) => last[k]);
  }
}

/** The usual conversion: plain JSON becomes compressed JSON; compressed values stay. */
export function compressPlainJson(stored: string): string | null {
  return isCompressedJson(stored) ? null : compressJson(JSON.parse(stored));
}
