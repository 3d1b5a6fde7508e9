import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AlertState } from '@kerma/contracts';

/** The audit trail of an alert's follow-up: one row per state, never changed except when it was published. */
@Entity({ name: 'dose_alert_transition' })
@Index(['alertId', 'state'], { unique: true })
export class DoseAlertTransition {
  @PrimaryColumn({ name: 'alert_id', type: 'varchar', length: 36 })
  alertId!: string;

  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 24 })
  state!: AlertState;

  @Column({ type: 'varchar', length: 32 })
  at!: string;

  /** The principal's subject (or the `by` given with auth off); 'kerma' for states the system sets. */
  @Column({ type: 'varchar', length: 128 })
  by!: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  note!: string | null;

  @Column({ name: 'skin_check_due_on', type: 'varchar', length: 10, nullable: true })
  skinCheckDueOn!: string | null;

  @Column({ type: 'simple-json', nullable: true })
  outcome!: { finding: string; ctcaeGrade: number } | null;

  @Index()
  @Column({ name: 'published_at', type: 'varchar', length: 32, nullable: true })
  publishedAt!: string | null;
}
