import { Init1795772227618 } from './1795772227618-Init';
import { Reprocess1796116496137 } from './1796116496137-Reprocess';
import { CompactProcedureAndVersions1796137621029 } from './1796137621029-CompactProcedureAndVersions';
import { StoredProcedureWithoutBirthDate1796160000000 } from './1796160000000-StoredProcedureWithoutBirthDate';

/** In order; PostgreSQL (the SQLite quickstart synchronizes from the entities, after PARSER_SQLITE_MIGRATIONS). */
export const PARSER_MIGRATIONS: Function[] = [
  Init1795772227618,
  Reprocess1796116496137,
  CompactProcedureAndVersions1796137621029,
  StoredProcedureWithoutBirthDate1796160000000,
];

/** Data migrations for SQLite: they rewrite stored rows (compression, birth dates) and leave the schema to synchronization. */
export const PARSER_SQLITE_MIGRATIONS: Function[] = [CompactProcedureAndVersions1796137621029, StoredProcedureWithoutBirthDate1796160000000];
