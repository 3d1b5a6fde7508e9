import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ExternalSizeSource } from './patient-size.entity';

/**
 * A height and/or mass received for a study Kerma has not received yet (a RIS sends sizes before or at
 * the exam). Applied to the study of this key and site when its dose report arrives; ignored and
 * purged after `expiresAt` so unmatched sizes do not accumulate.
 */
@Entity({ name: 'skin_dose_pending_patient_size' })
@Index('IDX_skin_dose_pending_patient_size_key', ['keyKind', 'keyValue'])
export class PendingPatientSize {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'key_kind', type: 'varchar', length: 24 })
  keyKind!: 'accession-number' | 'study-instance-uid';

  @Column({ name: 'key_value', type: 'varchar', length: 64 })
  keyValue!: string;

  @Column({ type: 'varchar', length: 64 })
  site!: string;

  @Column({ name: 'height_m', type: 'double precision', nullable: true })
  heightM!: number | null;

  @Column({ name: 'mass_kg', type: 'double precision', nullable: true })
  massKg!: number | null;

  @Column({ type: 'varchar', length: 16 })
  source!: ExternalSizeSource;

  @Column({ type: 'varchar', length: 256 })
  reference!: string;

  @Column({ name: 'received_at', type: 'varchar', length: 32 })
  receivedAt!: string;

  @Column({ name: 'received_by', type: 'varchar', length: 128 })
  receivedBy!: string;

  @Column({ name: 'expires_at', type: 'varchar', length: 32 })
  expiresAt!: string;
}
