import { Init1795772227618 } from './1795772227618-Init';
import { Reprocess1796116496137 } from './1796116496137-Reprocess';

/** In order; PostgreSQL only (the SQLite quickstart synchronizes from the entities). */
export const PARSER_MIGRATIONS: Function[] = [Init1795772227618, Reprocess1796116496137];
