import type { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ensurePostgresDatabase } from './ensure-postgres-database';
import { typeOrmModuleOptions, type ServiceDatabase } from './typeorm-options';

/**
 * A service's own database connection (named after the service, so five services can share one
 * process) and its repositories. PostgreSQL databases are created on first start.
 */
export function serviceDatabaseImports(db: ServiceDatabase): DynamicModule[] {
  return [
    TypeOrmModule.forRootAsync({
      name: db.service,
      useFactory: async () => {
        if (db.target.kind === 'postgres') await ensurePostgresDatabase(db.target.url);
        return typeOrmModuleOptions(db);
      },
    }),
    TypeOrmModule.forFeature([...(db.entities as Function[])], db.service),
  ];
}
