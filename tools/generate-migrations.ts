/**
 * Writes a PostgreSQL migration for every service whose entities differ from what its migrations
 * create: `node tools/run-ts.js tools/generate-migrations.ts <Name> [service…]`. Each service is
 * compared on a fresh scratch database of the server at KERMA_PG_ADMIN_URL (default: local).
 */
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { HISTORY_ENTITIES, HISTORY_MIGRATIONS } from '@kerma/history';
import { INGEST_ENTITIES, INGEST_MIGRATIONS } from '@kerma/ingest';
import { NOTIFICATION_ENTITIES, NOTIFICATION_MIGRATIONS } from '@kerma/notification';
import { PARSER_ENTITIES, PARSER_MIGRATIONS } from '@kerma/parser';
import { SKIN_DOSE_ENTITIES, SKIN_DOSE_MIGRATIONS } from '@kerma/skin-dose';
import { dataSourceOptions } from '@kerma/platform';

const SERVICES = {
  ingest: { entities: INGEST_ENTITIES, migrations: INGEST_MIGRATIONS, constant: 'INGEST_MIGRATIONS' },
  parser: { entities: PARSER_ENTITIES, migrations: PARSER_MIGRATIONS, constant: 'PARSER_MIGRATIONS' },
  'skin-dose': { entities: SKIN_DOSE_ENTITIES, migrations: SKIN_DOSE_MIGRATIONS, constant: 'SKIN_DOSE_MIGRATIONS' },
  history: { entities: HISTORY_ENTITIES, migrations: HISTORY_MIGRATIONS, constant: 'HISTORY_MIGRATIONS' },
  notification: { entities: NOTIFICATION_ENTITIES, migrations: NOTIFICATION_MIGRATIONS, constant: 'NOTIFICATION_MIGRATIONS' },
} as const;

async function main(): Promise<void> {
  const [name, ...only] = process.argv.slice(2);
  if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) throw new Error('usage: generate-migrations.ts <PascalCaseName> [service…]');
  const admin = process.env.KERMA_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  for (const [service, spec] of Object.entries(SERVICES)) {
    if (only.length && !only.includes(service)) continue;
    const scratch = `kerma_migration_${service.replace(/-/g, '_')}_${process.pid}`;
    await sql(admin, `CREATE DATABASE "${scratch}"`);
    const url = new URL(admin);
    url.pathname = `/${scratch}`;
    const ds = new DataSource(
      dataSourceOptions({ service, target: { kind: 'postgres', url: url.toString() }, entities: [...spec.entities], migrations: [...spec.migrations] }),
    );
    try {
      await ds.initialize();
      const pending = await ds.driver.createSchemaBuilder().log();
      if (pending.upQueries.length === 0) {
        console.log(`${service}: migrations match the entities`);
        continue;
      }
      const timestamp = Date.now();
      const className = `${name}${timestamp}`;
      const escape = (q: string) => q.replace(/\\/g, '\\\\').replace(/`/g, '\\`');
      const up = pending.upQueries.map((q) => `    await queryRunner.query(\`${escape(q.query)}\`);`).join('\n');
      const down = [...pending.downQueries]
        .reverse()
        .map((q) => `    await queryRunner.query(\`${escape(q.query)}\`);`)
        .join('\n');
      const dir = join('services', service, 'src', 'persistence', 'migrations');
      const file = `${timestamp}-${name}`;
      writeFileSync(
        join(dir, `${file}.ts`),
        `import type { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${className} implements MigrationInterface {\n  name = '${className}';\n\n  async up(queryRunner: QueryRunner): Promise<void> {\n${up}\n  }\n\n  async down(queryRunner: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
      );
      const index = join(dir, 'index.ts');
      const current = readFileSync(index, 'utf8');
      const imports = current.split('\n').filter((l) => l.startsWith('import '));
      const classes =
        [...current.matchAll(/\[([^\]]*)\]/g)]
          .at(-1)?.[1]
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean) ?? [];
      writeFileSync(
        index,
        `${[...imports, `import { ${className} } from './${file}';`].join('\n')}\n\n/** In order; PostgreSQL only (the SQLite quickstart synchronizes from the entities). */\nexport const ${spec.constant}: Function[] = [${[...classes, className].join(', ')}];\n`,
      );
      console.log(`${service}: wrote ${dir}/${file}.ts (${pending.upQueries.length} statements)`);
    } finally {
      if (ds.isInitialized) await ds.destroy();
      await sql(admin, `DROP DATABASE IF EXISTS "${scratch}"`);
    }
  }
}

async function sql(url: string, statement: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
