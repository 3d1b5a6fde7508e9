import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** pending: to push (again); pushed: the server took the newest state; refused: the server answered it will not take it. */
export type FhirPushStatus = 'pending' | 'pushed' | 'refused';

/**
 * The push journal: one row per study whose Radiation Dose Summary is to be (or was) pushed to the FHIR server
 * (KERMA_FHIR_PUSH_URL). It lives in history's database, so a push still due when the process stops is sent by
 * the next one. The bundle is built from the study record when sent: a retry always sends the newest state.
 */
@Entity({ name: 'fhir_push' })
@Index(['status', 'nextAttemptAt'])
export class FhirPush {
  @PrimaryColumn({ name: 'study_instance_uid', type: 'varchar', length: 64 })
  studyInstanceUid!: string;

  @Column({ type: 'varchar', length: 64 })
  site!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: FhirPushStatus;

  /** Raised each time the study changes: a push that finishes after a change leaves the row pending. */
  @Column({ type: 'integer' })
  generation!: number;

  /** Attempts since the study last changed. */
  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'varchar', length: 32 })
  nextAttemptAt!: string;

  /** While set and in the future, one process is pushing the row. */
  @Column({ name: 'leased_until', type: 'varchar', length: 32, nullable: true })
  leasedUntil!: string | null;

  /** The last failure: HTTP status and the server's diagnostics, or the network error. */
  @Column({ name: 'last_error', type: 'varchar', length: 512, nullable: true })
  lastError!: string | null;

  @Column({ name: 'queued_at', type: 'varchar', length: 32 })
  queuedAt!: string;

  @Column({ name: 'pushed_at', type: 'varchar', length: 32, nullable: true })
  pushedAt!: string | null;
}
