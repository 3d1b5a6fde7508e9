import type { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ensurePostgresDatabase } from './ensure-postgres-database';
import { serializeSqliteTransactions } from './sqlite-serialization';
import { typeOrmModuleOptions, type ServiceDatabase } from './typeorm-options';

/**
 * A service's own database connection (named after the service, so five services can share one
 * process) and its repositories. PostgreSQL databases are created on first start; a SQLite file's
 * transactions run one at a time (serializeSqliteTransactions).
 */
export function serviceDatabaseImports(db: ServiceDatabase): DynamicModule[] {
  return [
    TypeOrmModule.forRootAsync({
      name: db.service,
      useFactory: async () => {
        if (db.target.kind === 'postgres') await ensurePostgresDatabase(db.target.url);
        return typeOrmModuleOptions(db);
      },
      dataSourceFactory: createServiceDataSource,
    }),
    TypeOrmModule.forFeature([...(db.entities as Function[])], db.service),
  ];
}

/** Initialized here (the module would otherwise) so that a SQLite DataSource is serialized once its schema is in place. */
async function createServiceDataSource(options?: DataSourceOptions): Promise<DataSource> {
  if (!options) throw new Error('a service database needs its options');
  return serializeSqliteTransactions(await new DataSource(options).initialize());
}
