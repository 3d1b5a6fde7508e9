import { Init1795772227985 } from './1795772227985-Init';

/** In order; PostgreSQL only (the SQLite quickstart synchronizes from the entities). */
export const HISTORY_MIGRATIONS: Function[] = [Init1795772227985];
