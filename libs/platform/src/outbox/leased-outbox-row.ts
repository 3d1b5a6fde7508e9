import { Column } from 'typeorm';

/** A row waiting for its (next) attempt. */
export const OUTBOX_PENDING = 'pending';

/**
 * The columns every leased outbox table has (alert deliveries, FHIR pushes): its entity extends this class and
 * adds its key, its payload and the status values a row ends in. The column names are part of the services'
 * migrations.
 */
export abstract class LeasedOutboxRow<Status extends string> {
  @Column({ type: 'varchar', length: 16 })
  status!: typeof OUTBOX_PENDING | Status;

  /** Attempts since the row was last queued. */
  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'varchar', length: 32 })
  nextAttemptAt!: string;

  /** While set and in the future, one dispatcher is attempting the row: no other process takes it before then. */
  @Column({ name: 'leased_until', type: 'varchar', length: 32, nullable: true })
  leasedUntil!: string | null;

  /** Why the last attempt failed. */
  @Column({ name: 'last_error', type: 'varchar', length: 512, nullable: true })
  lastError!: string | null;
}
