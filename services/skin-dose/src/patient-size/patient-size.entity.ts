import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type ExternalSizeSource = 'ris-csv' | 'fhir';

/** A height and/or mass received for a study from outside the dose report (RIS CSV, FHIR Observation). */
@Entity({ name: 'skin_dose_patient_size' })
@Index('IDX_skin_dose_patient_size_study', ['studyInstanceUid'])
export class PatientSize {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'study_instance_uid', type: 'varchar', length: 64 })
  studyInstanceUid!: string;

  @Column({ name: 'height_m', type: 'double precision', nullable: true })
  heightM!: number | null;

  @Column({ name: 'mass_kg', type: 'double precision', nullable: true })
  massKg!: number | null;

  @Column({ type: 'varchar', length: 16 })
  source!: ExternalSizeSource;

  /** Where in the input it came from (CSV line, Observation id), for the audit. */
  @Column({ type: 'varchar', length: 256 })
  reference!: string;

  @Column({ name: 'received_at', type: 'varchar', length: 32 })
  receivedAt!: string;

  @Column({ name: 'received_by', type: 'varchar', length: 128 })
  receivedBy!: string;
}
