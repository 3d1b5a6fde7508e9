export const INGEST_MIGRATIONS: Function[] = [];
