export * from './skin-dose.module';
export * from './skin-dose-options';
export * from './config';
export { SKIN_DOSE_ENTITIES } from './persistence/entities';
export { SKIN_DOSE_MIGRATIONS, SKIN_DOSE_SQLITE_MIGRATIONS } from './persistence/migrations';
export { patientIdDigest } from './study-parsed/stored-study-input';
