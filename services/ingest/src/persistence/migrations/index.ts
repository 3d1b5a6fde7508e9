import { Init1795772227451 } from './1795772227451-Init';
import { OutboxClaim1796115610092 } from './1796115610092-OutboxClaim';

/** In order; PostgreSQL only (the SQLite quickstart synchronizes from the entities). */
export const INGEST_MIGRATIONS: Function[] = [Init1795772227451, OutboxClaim1796115610092];
