import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { LeasedOutboxRow } from '@kerma/platform';

/** pending: to push (again); pushed: the server took the newest state; refused: the server answered it will not take it. */
export type FhirPushStatus = 'pending' | 'pushed' | 'refused';

/**
 * The push journal: one row per study whose Radiation Dose Summary is to be (or was) pushed to the FHIR server
 * (KERMA_FHIR_PUSH_URL). It lives in history's database, so a push still due when the process stops is sent by
 * the next one. The bundle is built from the study record when sent: a retry always sends the newest state. Its
 * status, attempts (since the study last changed) and lease are the columns of every leased outbox.
 */
@Entity({ name: 'fhir_push' })
@Index(['status', 'nextAttemptAt'])
export class FhirPush extends LeasedOutboxRow<FhirPushStatus> {
  @PrimaryColumn({ name: 'study_instance_uid', type: 'varchar', length: 64 })
  studyInstanceUid!: string;

  @Column({ type: 'varchar', length: 64 })
  site!: string;

  /** Raised each time the study changes: a push that finishes after a change leaves the row pending. */
  @Column({ type: 'integer' })
  generation!: number;

  @Column({ name: 'queued_at', type: 'varchar', length: 32 })
  queuedAt!: string;

  @Column({ name: 'pushed_at', type: 'varchar', length: 32, nullable: true })
  pushedAt!: string | null;
}
