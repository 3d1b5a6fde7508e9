import { Init1795772227618 } from './1795772227618-Init';

/** In order; PostgreSQL only (the SQLite quickstart synchronizes from the entities). */
export const PARSER_MIGRATIONS: Function[] = [Init1795772227618];
