export * from './ingest.module';
export * from './ingest-options';
export * from './config';
export { IntakeService } from './intake/intake.service';
export { dicomListenerOptions, dicomSettingsShape, optionalDicomPort } from './c-store/dicom-config';
export type { DicomListenerOptions } from './c-store/dicom-listener-options';
export { INGEST_ENTITIES } from './persistence/entities';
export { INGEST_MIGRATIONS } from './persistence/migrations';
export { OutboxRelay } from './outbox/outbox-relay';
