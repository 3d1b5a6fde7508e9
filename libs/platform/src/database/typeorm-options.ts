import type { TypeOrmModuleOptions } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseTarget } from './database-target';

export interface ServiceDatabase {
  /** Also the TypeORM connection name, so several services can share one process. */
  readonly service: string;
  readonly target: DatabaseTarget;
  readonly entities: NonNullable<DataSourceOptions['entities']>;
  readonly migrations: NonNullable<DataSourceOptions['migrations']>;
  /**
   * Data migrations for SQLite (e.g. rewriting stored values in a new encoding), written for both
   * drivers (they also appear in `migrations`). TypeORM runs them before it synchronizes the schema, so
   * they see the previous schema (or none, in a new file) and may only rewrite existing columns.
   */
  readonly sqliteMigrations?: readonly Function[];
  /**
   * PostgreSQL: how long an unused pooled connection stays open (the driver's default is 10 s). A new
   * connection's server process pays again for its first touch of the shared buffers, which doubled the CPU of
   * a DRL report's first query on it (docs/performance.md).
   */
  readonly idleConnectionMs?: number;
}

/**
 * PostgreSQL: schema only through the service's migrations (never synchronize). SQLite (the
 * single-process quickstart): schema synchronized from the entities, which use only column
 * types both drivers share, after the service's SQLite data migrations.
 */
export function dataSourceOptions(db: ServiceDatabase): DataSourceOptions {
  if (db.target.kind === 'postgres') {
    return {
      type: 'postgres',
      url: db.target.url,
      entities: db.entities,
      migrations: db.migrations,
      migrationsTableName: `${db.service.replace(/-/g, '_')}_migrations`,
      migrationsRun: true,
      synchronize: false,
      ...(db.idleConnectionMs === undefined ? {} : { extra: { idleTimeoutMillis: db.idleConnectionMs } }),
    };
  }
  if (db.target.path !== ':memory:') mkdirSync(dirname(db.target.path), { recursive: true });
  return {
    type: 'better-sqlite3',
    database: db.target.path,
    entities: db.entities,
    synchronize: true,
    enableWAL: true,
    migrations: [...(db.sqliteMigrations ?? [])],
    migrationsTableName: `${db.service.replace(/-/g, '_')}_migrations`,
    migrationsRun: (db.sqliteMigrations ?? []).length > 0,
  };
}

export function typeOrmModuleOptions(db: ServiceDatabase): TypeOrmModuleOptions {
  return { ...dataSourceOptions(db), name: db.service } as TypeOrmModuleOptions;
}
