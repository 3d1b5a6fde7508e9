import { Init1795772227985 } from './1795772227985-Init';
import { AddStudyVersion1795772417879 } from './1795772417879-AddStudyVersion';

/** In order; PostgreSQL only (the SQLite quickstart synchronizes from the entities). */
export const HISTORY_MIGRATIONS: Function[] = [Init1795772227985, AddStudyVersion1795772417879];
