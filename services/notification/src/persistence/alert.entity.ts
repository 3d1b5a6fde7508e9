import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One raised alert and where its follow-up stands. The unique index makes (study, kind, metric, level)
 * raise at most once, whatever is redelivered (a cumulative alert belongs to the study that made the
 * patient's figure reach the threshold).
 */
@Entity({ name: 'dose_alert' })
@Index(['studyInstanceUid', 'kind', 'metric', 'level'], { unique: true })
export class DoseAlert {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'study_instance_uid', type: 'varchar', length: 64 })
  studyInstanceUid!: string;

  @Column({ type: 'varchar', length: 32 })
  metric!: string;

  @Column({ type: 'varchar', length: 32 })
  level!: string;

  @Index()
  @Column({ type: 'varchar', length: 64 })
  site!: string;

  @Index()
  @Column({ name: 'patient_key', type: 'varchar', length: 64 })
  patientKey!: string;

  @Column({ name: 'patient_id', type: 'varchar', length: 64, nullable: true })
  patientId!: string | null;

  @Column({ name: 'patient_id_issuer', type: 'varchar', length: 64, nullable: true })
  patientIdIssuer!: string | null;

  @Column({ name: 'measured_value', type: 'double precision' })
  measuredValue!: number;

  @Column({ name: 'threshold_value', type: 'double precision' })
  thresholdValue!: number;

  @Column({ type: 'varchar', length: 16 })
  unit!: string;

  @Column({ name: 'rule_id', type: 'varchar', length: 64 })
  ruleId!: string;

  @Column({ name: 'rule_description', type: 'varchar', length: 256 })
  ruleDescription!: string;

  @Column({ name: 'rule_reference', type: 'varchar', length: 256 })
  ruleReference!: string;

  @Index()
  @Column({ name: 'raised_at', type: 'varchar', length: 32 })
  raisedAt!: string;

  /** When the open state was published (null: not yet, re-published on redelivery or by the follow-up sweep). */
  @Column({ name: 'published_at', type: 'varchar', length: 32, nullable: true })
  publishedAt!: string | null;

  /** 'study' | 'cumulative' | 'already-above' (AlertKind). */
  @Column({ type: 'varchar', length: 16, default: 'study' })
  kind!: string;

  /** Cumulative and already-above alerts: the window and the studies added up. */
  @Column({ type: 'simple-json', nullable: true })
  cumulative!: { windowDays: number; studyInstanceUids: string[] } | null;

  @Index()
  @Column({ type: 'varchar', length: 24, default: 'open' })
  state!: string;

  /** Number of the latest transition (1: open); a transition applies only to the state it was decided on. */
  @Column({ name: 'state_seq', type: 'integer', default: 1 })
  stateSeq!: number;

  @Column({ name: 'skin_check_due_on', type: 'varchar', length: 10, nullable: true })
  skinCheckDueOn!: string | null;
}
