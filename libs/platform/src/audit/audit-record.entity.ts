import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One audited request. Every service writes the requests it answered (and publishes them from here);
 * history also keeps every service's records, received on kerma.audit.v1, for auditors to query.
 * Lists are comma-separated (patient keys are hex, study UIDs digits and dots).
 */
@Entity({ name: 'audit_record' })
export class AuditRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  at!: string;

  @Column({ type: 'varchar', length: 64 })
  service!: string;

  @Index()
  @Column({ type: 'varchar', length: 256 })
  subject!: string;

  @Column({ type: 'varchar', length: 16 })
  via!: string;

  @Column({ name: 'key_id', type: 'varchar', length: 64, nullable: true })
  keyId!: string | null;

  @Column({ type: 'varchar', length: 512 })
  roles!: string;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  action!: string;

  @Column({ type: 'varchar', length: 16 })
  method!: string;

  @Column({ type: 'varchar', length: 512 })
  route!: string;

  @Index()
  @Column({ type: 'varchar', length: 64, nullable: true })
  site!: string | null;

  @Column({ name: 'patient_keys', type: 'text' })
  patientKeys!: string;

  @Column({ name: 'study_instance_uids', type: 'text' })
  studyInstanceUids!: string;

  @Column({ name: 'client_ip', type: 'varchar', length: 64, nullable: true })
  clientIp!: string | null;

  @Column({ type: 'integer' })
  status!: number;

  /** When it left on kerma.audit.v1 (null: not yet; records received from other services are never sent again). */
  @Index()
  @Column({ name: 'published_at', type: 'varchar', length: 32, nullable: true })
  publishedAt!: string | null;
}
