import { Init1795772227451 } from './1795772227451-Init';

/** In order; PostgreSQL only (the SQLite quickstart synchronizes from the entities). */
export const INGEST_MIGRATIONS: Function[] = [Init1795772227451];
