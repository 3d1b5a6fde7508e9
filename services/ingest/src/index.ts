export * from './ingest.module';
export * from './ingest-options';
export * from './config';
export { IntakeService } from './intake/intake.service';
export { INGEST_ENTITIES } from './persistence/entities';
export { INGEST_MIGRATIONS } from './persistence/migrations';
