import { Init1795772227808 } from './1795772227808-Init';

/** In order; PostgreSQL only (the SQLite quickstart synchronizes from the entities). */
export const SKIN_DOSE_MIGRATIONS: Function[] = [Init1795772227808];
