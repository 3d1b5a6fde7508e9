import { Init1795774477975 } from './1795774477975-Init';

/** In order; PostgreSQL only (the SQLite quickstart synchronizes from the entities). */
export const SKIN_DOSE_MIGRATIONS: Function[] = [Init1795774477975];
