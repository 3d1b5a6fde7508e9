import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One raised alert. The unique index makes (study, metric, level) raise at most once, whatever is redelivered. */
@Entity({ name: 'dose_alert' })
@Index(['studyInstanceUid', 'metric', 'level'], { unique: true })
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

  @Column({ name: 'published_at', type: 'varchar', length: 32, nullable: true })
  publishedAt!: string | null;
}
