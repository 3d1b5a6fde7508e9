export * from './ingest.module';
export * from './ingest-options';
export * from './config';
export { IntakeService } from './intake/intake.service';
