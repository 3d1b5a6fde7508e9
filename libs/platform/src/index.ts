export * from './config/load-config';
export * from './logging/json-logger';
export * from './database/database-target';
export * from './database/ensure-postgres-database';
export * from './database/typeorm-options';
export * from './bootstrap/http-app';
export * from './bootstrap/run-deployed-service';
export * from './bootstrap/health.controller';
