import { Init1795772227451 } from './1795772227451-Init';
import { OutboxClaim1796115610092 } from './1796115610092-OutboxClaim';
import { Quarantine1796116071614 } from './1796116071614-Quarantine';
import { Security1796126065344 } from './1796126065344-Security';
import { TraceHeaders1796127500344 } from './1796127500344-TraceHeaders';

/** In order; PostgreSQL only (the SQLite quickstart synchronizes from the entities). */
export const INGEST_MIGRATIONS: Function[] = [
  Init1795772227451,
  OutboxClaim1796115610092,
  Quarantine1796116071614,
  Security1796126065344,
  TraceHeaders1796127500344,
];
