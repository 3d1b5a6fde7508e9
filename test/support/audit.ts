import type { AuditV1 } from '@kerma/contracts';

/** One record as GET /api/v1/audit answers it: the audit event history keeps, its event id as `id`. */
export type AuditRecord = Omit<AuditV1, 'eventId' | 'occurredAt'> & { id: string };

/** A page of GET /api/v1/audit, newest first. */
export interface AuditPage {
  records: AuditRecord[];
  nextCursor: string | null;
}
