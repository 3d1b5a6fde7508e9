import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type QuarantineStatus = 'pending' | 'kept-original' | 'replaced';

/**
 * An object that arrived with the SOP Instance UID of a different stored object. Its bytes are in
 * the archive (by `sha256`); it waits for a person to decide which of the two is the report.
 * Re-sends of the same conflicting object find this record again (unique per UID and content).
 */
@Entity({ name: 'quarantined_object' })
@Index(['sopInstanceUid', 'sha256'], { unique: true })
export class QuarantinedObject {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'sop_instance_uid', type: 'varchar', length: 64 })
  sopInstanceUid!: string;

  @Column({ name: 'sop_class_uid', type: 'varchar', length: 64 })
  sopClassUid!: string;

  @Column({ name: 'study_instance_uid', type: 'varchar', length: 64 })
  studyInstanceUid!: string;

  @Column({ type: 'varchar', length: 64 })
  site!: string;

  @Column({ type: 'varchar', length: 16 })
  source!: 'stow' | 'c-store' | 'import';

  /** SHA-256 of the quarantined bytes. */
  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes!: number;

  /** The stored object it collides with, and that object's SHA-256 when the conflict was found. */
  @Column({ name: 'original_object_id', type: 'varchar', length: 36 })
  originalObjectId!: string;

  @Column({ name: 'original_sha256', type: 'varchar', length: 64 })
  originalSha256!: string;

  @Column({ name: 'received_at', type: 'varchar', length: 32 })
  receivedAt!: string;

  @Index()
  @Column({ type: 'varchar', length: 16 })
  status!: QuarantineStatus;

  @Column({ name: 'resolved_at', type: 'varchar', length: 32, nullable: true })
  resolvedAt!: string | null;

  /** Who resolved it, as given by the person resolving (no authentication in front of the API yet). */
  @Column({ name: 'resolved_by', type: 'varchar', length: 128, nullable: true })
  resolvedBy!: string | null;
}
