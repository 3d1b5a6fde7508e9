/**
 * Storage per study beyond the original (not a test: prints figures). Starts the single-process app
 * (SQLite, embedded bus) on a fresh data folder, sends N generated studies of mixed vendor flavours
 * (3–30 events, and one of 145 events) over STOW-RS, waits for the pipeline to drain, then, per service
 * database, VACUUMs the file and prints bytes per table (SQLite's dbstat) and per study beyond the empty
 * schema. The originals (ingest's archive and database) are not counted: they are the original.
 * `--reprocess` also reprocesses every study once (a new revision of each), so stored versions count.
 * `--postgres=ADMIN_URL` also copies every row into a scratch PostgreSQL database per service, made by
 * that service's migrations, and prints per table pg_total_relation_size (heap, TOAST, indexes, in 8 KiB
 * pages: a fixed cost per relation that only many studies amortize) and the rows' own size — the deployed
 * figures, where PostgreSQL itself compresses large values (pglz).
 * Run from the repository root:
 *   node tools/run-ts.js test/bench/storage.bench.ts [studies=40] [--reprocess] [--keep] [--postgres=postgres://postgres@127.0.0.1:5432/postgres]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { startSingleProcessApp } from '@kerma/all-in-one';
import { HISTORY_ENTITIES, HISTORY_MIGRATIONS } from '@kerma/history';
import { NOTIFICATION_ENTITIES, NOTIFICATION_MIGRATIONS } from '@kerma/notification';
import { PARSER_ENTITIES, PARSER_MIGRATIONS } from '@kerma/parser';
import { dataSourceOptions } from '@kerma/platform';
import { SKIN_DOSE_ENTITIES, SKIN_DOSE_MIGRATIONS } from '@kerma/skin-dose';
import { createTestDatabase, findFreePort, generateRdsr, procedureSpec, stow, storedCount, type RdsrVendor } from '@kerma/testing';

const STUDIES = Number(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 40);
const REPROCESS = process.argv.includes('--reprocess');
/** Leaves the data folder for a look at the rows (its path is printed). */
const KEEP = process.argv.includes('--keep');
const VENDORS: readonly RdsrVendor[] = ['standard', 'siemens', 'philips-allura', 'philips-azurion', 'ge-oec', 'canon', 'enhanced'];
const POSTGRES = process.argv.find((a) => a.startsWith('--postgres='))?.slice('--postgres='.length);
const SERVICES = ['parser', 'skin-dose', 'history', 'notification'] as const;
const SCHEMAS = {
  parser: [PARSER_ENTITIES, PARSER_MIGRATIONS],
  'skin-dose': [SKIN_DOSE_ENTITIES, SKIN_DOSE_MIGRATIONS],
  history: [HISTORY_ENTITIES, HISTORY_MIGRATIONS],
  notification: [NOTIFICATION_ENTITIES, NOTIFICATION_MIGRATIONS],
} as const;

interface PgBytes {
  /** pg_total_relation_size: heap, TOAST, indexes, with their page granularity. */
  readonly relation: number;
  /** Σ pg_column_size of the rows: the data as stored (large values compressed or not by PostgreSQL itself). */
  readonly rows: number;
}

/**
 * Copies a service's SQLite rows into a new PostgreSQL database made by its migrations and gives the
 * bytes each table gained. No VACUUM (it would add free-space and visibility maps, a fixed 32 KiB a
 * relation). The database is dropped afterwards.
 */
async function postgresBytes(adminUrl: string, service: (typeof SERVICES)[number], sqlitePath: string): Promise<Map<string, PgBytes>> {
  const [entities, migrations] = SCHEMAS[service];
  const db = await createTestDatabase(adminUrl, `kerma_sbench_${service.replace('-', '_')}`);
  const pg = new DataSource(dataSourceOptions({ service, target: { kind: 'postgres', url: db.url }, entities: [...entities], migrations: [...migrations] }));
  const sqlite = new Database(sqlitePath, { readonly: true });
  try {
    await pg.initialize();
    const sizes = async () => {
      const tables = (await pg.query(
        `SELECT c.relname AS name, pg_total_relation_size(c.oid) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'`,
      )) as { name: string; bytes: string }[];
      const out = new Map<string, PgBytes>();
      for (const t of tables) {
        const [{ rows }] = (await pg.query(`SELECT COALESCE(SUM(pg_column_size(t.*)), 0) AS rows FROM "${t.name}" t`)) as { rows: string }[];
        out.set(t.name, { relation: Number(t.bytes), rows: Number(rows) });
      }
      return out;
    };
    const empty = await sizes();
    const tables = sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_migrations'")
      .all() as { name: string }[];
    for (const { name } of tables) {
      for (const row of sqlite.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[]) {
        const columns = Object.keys(row);
        await pg.query(
          `INSERT INTO "${name}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
          columns.map((c) => row[c]),
        );
      }
    }
    const filled = await sizes();
    return new Map(
      [...filled].map(([name, b]) => [name, { relation: b.relation - (empty.get(name)?.relation ?? 0), rows: b.rows - (empty.get(name)?.rows ?? 0) }]),
    );
  } finally {
    sqlite.close();
    if (pg.isInitialized) await pg.destroy();
    await db.drop();
  }
}

/** Bytes of each table and index of a SQLite file after VACUUM (pages in use, from dbstat). */
function tableBytes(path: string): Map<string, number> {
  const db = new Database(path);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('VACUUM');
    const rows = db.prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name').all() as { name: string; bytes: number }[];
    return new Map(rows.map((r) => [r.name, r.bytes]));
  } finally {
    db.close();
  }
}

async function startApp(dataDir: string) {
  return startSingleProcessApp({
    port: await findFreePort(),
    host: '127.0.0.1',
    dataDir,
    defaultSite: 'bench',
    followUpSweepIntervalMs: 0,
    logger: false,
  });
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'kerma-storage-bench-'));
  const dataDir = join(root, 'data');
  try {
    // The empty schema first, so only what the studies add is counted.
    let kerma = await startApp(dataDir);
    await kerma.app.close();
    const empty = new Map(SERVICES.map((s) => [s, tableBytes(join(dataDir, `${s}.sqlite`))]));

    kerma = await startApp(dataDir);
    let originalBytes = 0;
    let events = 0;
    for (let i = 0; i < STUDIES; i++) {
      const eventCount = i === 0 ? 145 : 3 + ((i * 7919) % 28);
      events += eventCount;
      const report = generateRdsr(procedureSpec({ vendor: VENDORS[i % VENDORS.length]!, seed: 70_000 + i, events: eventCount }));
      originalBytes += report.byteLength;
      const result = await stow(kerma.url, [report]);
      if (storedCount(result) !== 1) throw new Error(`study ${i} was not stored (HTTP ${result.status})`);
    }
    await kerma.bus.drain();
    if (REPROCESS) {
      const list = (await (await fetch(`${kerma.url}/api/v1/studies?limit=500`)).json()) as { studies: { studyInstanceUid: string }[] };
      for (const { studyInstanceUid } of list.studies) {
        const response = await fetch(`${kerma.url}/api/v1/studies/${encodeURIComponent(studyInstanceUid)}:reprocess`, { method: 'POST' });
        if (response.status >= 300) throw new Error(`reprocess of ${studyInstanceUid}: HTTP ${response.status}`);
      }
      await kerma.bus.drain();
    }
    await kerma.app.close();

    process.stdout.write(
      `${STUDIES} studies (${VENDORS.length} vendor flavours, ${events} events, one of 145), originals ${(originalBytes / STUDIES / 1024).toFixed(1)} KiB a study` +
        `${REPROCESS ? ', each reprocessed once' : ''}; ${cpus().length} cores, load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}\n\n| database | table | KiB per study |\n|---|---|---|\n`,
    );
    let total = 0;
    for (const service of SERVICES) {
      const path = join(dataDir, `${service}.sqlite`);
      const after = tableBytes(path);
      let serviceBytes = 0;
      for (const [name, bytes] of [...after].sort((a, b) => b[1] - a[1])) {
        const added = bytes - (empty.get(service)!.get(name) ?? 0);
        serviceBytes += added;
        if (added > 0) process.stdout.write(`| ${service} | ${name} | ${(added / STUDIES / 1024).toFixed(1)} |\n`);
      }
      total += serviceBytes;
      process.stdout.write(
        `| **${service}** | all (file ${(statSync(path).size / 1024).toFixed(0)} KiB) | **${(serviceBytes / STUDIES / 1024).toFixed(1)}** |\n`,
      );
    }
    process.stdout.write(`| **all four** | | **${(total / STUDIES / 1024).toFixed(1)}** |\n`);
    if (POSTGRES) {
      const kib = (bytes: number) => (bytes / STUDIES / 1024).toFixed(1);
      process.stdout.write(`\nPostgreSQL (the same rows):\n\n| database | table | KiB per study, relations | KiB per study, row data |\n|---|---|---|---|\n`);
      let relations = 0;
      let rows = 0;
      for (const service of SERVICES) {
        const added = await postgresBytes(POSTGRES, service, join(dataDir, `${service}.sqlite`));
        let serviceRelations = 0;
        let serviceRows = 0;
        for (const [name, b] of [...added].sort((x, y) => y[1].relation - x[1].relation)) {
          serviceRelations += b.relation;
          serviceRows += b.rows;
          if (b.relation > 0 || b.rows > 0) process.stdout.write(`| ${service} | ${name} | ${kib(b.relation)} | ${kib(b.rows)} |\n`);
        }
        relations += serviceRelations;
        rows += serviceRows;
        process.stdout.write(`| **${service}** | all | **${kib(serviceRelations)}** | **${kib(serviceRows)}** |\n`);
      }
      process.stdout.write(`| **all four** | | **${kib(relations)}** | **${kib(rows)}** |\n`);
    }
  } finally {
    if (KEEP) process.stdout.write(`data kept in ${dataDir}\n`);
    else rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exitCode = 1;
});
