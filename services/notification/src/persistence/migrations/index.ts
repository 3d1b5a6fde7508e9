import { Init1795772228157 } from './1795772228157-Init';

/** In order; PostgreSQL only (the SQLite quickstart synchronizes from the entities). */
export const NOTIFICATION_MIGRATIONS: Function[] = [Init1795772228157];
