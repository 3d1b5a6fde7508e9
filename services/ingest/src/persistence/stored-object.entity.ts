import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One DICOM object ingest has stored. Timestamps are ISO-8601 UTC text: sortable, and the same on SQLite and PostgreSQL. */
@Entity({ name: 'stored_object' })
export class StoredObject {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index({ unique: true })
  @Column({ name: 'sop_instance_uid', type: 'varchar', length: 64 })
  sopInstanceUid!: string;

  @Column({ name: 'sop_class_uid', type: 'varchar', length: 64 })
  sopClassUid!: string;

  @Index()
  @Column({ name: 'study_instance_uid', type: 'varchar', length: 64 })
  studyInstanceUid!: string;

  @Column({ type: 'varchar', length: 64 })
  site!: string;

  @Column({ name: 'patient_key', type: 'varchar', length: 64 })
  patientKey!: string;

  @Column({ name: 'patient_id', type: 'varchar', length: 64, nullable: true })
  patientId!: string | null;

  @Column({ name: 'patient_id_issuer', type: 'varchar', length: 64, nullable: true })
  patientIdIssuer!: string | null;

  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes!: number;

  @Column({ type: 'varchar', length: 16 })
  source!: 'stow' | 'c-store' | 'import';

  @Column({ name: 'received_at', type: 'varchar', length: 32 })
  receivedAt!: string;

  /** Set once `rdsr.received` was acknowledged by the broker; the outbox relay retries the rest. */
  @Index()
  @Column({ name: 'published_at', type: 'varchar', length: 32, nullable: true })
  publishedAt!: string | null;

  @Column({ name: 'event_id', type: 'varchar', length: 36 })
  eventId!: string;

  /**
   * The pending announcement asks consumers to read the object again although they already did:
   * an operator re-drives it (`kerma reprocess`), or its content was replaced from quarantine.
   */
  @Column({ type: 'boolean', default: false })
  reprocess!: boolean;

  /**
   * Until when one outbox relay holds the right to announce this object (claimed by a conditional
   * UPDATE), so that two relays (two replicas, or a run and a kick) never announce it both.
   */
  @Column({ name: 'claimed_until', type: 'varchar', length: 32, nullable: true })
  claimedUntil!: string | null;

  /**
   * W3C trace context of the request that stored the object, so its later announcement by the outbox
   * continues that trace. Null when tracing was off.
   */
  @Column({ name: 'trace_headers', type: 'simple-json', nullable: true })
  traceHeaders!: Record<string, string> | null;
}
