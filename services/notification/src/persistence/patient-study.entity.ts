import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DoseMetric, PatientRef } from '@kerma/contracts';
import type { MapSurface } from '@kerma/dosimetry';
import type { RuleSubject } from '../rules/study-context';

/**
 * Notification's own running figures of a patient's studies, kept from the events it consumes
 * (study.parsed, skin-dose.calculated), so cumulative rules never read another service's database.
 * One row per study; each half is replaced only by a newer revision (redelivery changes nothing).
 */
@Entity({ name: 'patient_study' })
export class PatientStudy {
  @PrimaryColumn({ name: 'study_instance_uid', type: 'varchar', length: 64 })
  studyInstanceUid!: string;

  @Index()
  @Column({ name: 'patient_key', type: 'varchar', length: 64 })
  patientKey!: string;

  @Column({ type: 'varchar', length: 64 })
  site!: string;

  /**
   * The patient (id, issuer, key) as kerma.patient-identity.v1 names it, for the alerts of the study:
   * study.parsed.v2 and skin-dose.calculated.v2 carry the key only. Null until the identity is seen
   * (id null: the study has none).
   */
  @Column({ type: 'simple-json', nullable: true })
  patient!: PatientRef | null;

  /**
   * The study's own figures for the study rules, from its newest study.parsed: judged once the identity
   * is known too, whichever came first. Null before it is parsed, and for studies parsed before it was kept.
   */
  @Column({ name: 'study_metrics', type: 'simple-json', nullable: true })
  studyMetrics!: Partial<Record<DoseMetric, number>> | null;

  /** Study date-time (ISO, UTC), else when notification first saw the study. */
  @Column({ name: 'study_time', type: 'varchar', length: 32 })
  studyTime!: string;

  @Column({ name: 'parsed_revision', type: 'integer', nullable: true })
  parsedRevision!: number | null;

  /** The study's criteria values for rule matching (null until its parsed report is seen). */
  @Column({ type: 'simple-json', nullable: true })
  subject!: RuleSubject | null;

  @Column({ name: 'dose_rp_total_gy', type: 'double precision', nullable: true })
  doseRpTotalGy!: number | null;

  @Column({ name: 'skin_dose_revision', type: 'integer', nullable: true })
  skinDoseRevision!: number | null;

  @Column({ name: 'skin_dose_calculated_at', type: 'varchar', length: 32, nullable: true })
  skinDoseCalculatedAt!: string | null;

  /** 'calculated' | 'not-applicable'; null: no skin dose event yet. */
  @Column({ name: 'skin_dose_status', type: 'varchar', length: 16, nullable: true })
  skinDoseStatus!: string | null;

  @Column({ name: 'psd_gy', type: 'double precision', nullable: true })
  psdGy!: number | null;

  @Column({ name: 'expanded_uncertainty_percent_k2', type: 'double precision', nullable: true })
  expandedUncertaintyPercentK2!: number | null;

  @Column({ type: 'simple-json', nullable: true })
  surface!: MapSurface | null;

  @Column({ name: 'width_cells', type: 'integer', nullable: true })
  widthCells!: number | null;

  @Column({ name: 'height_cells', type: 'integer', nullable: true })
  heightCells!: number | null;

  /** float32-le-gzip-base64, as the event carried it. */
  @Column({ name: 'dose_grid', type: 'text', nullable: true })
  doseGrid!: string | null;

  @Column({ name: 'reported_height_m', type: 'double precision', nullable: true })
  reportedHeightM!: number | null;

  @Column({ name: 'reported_mass_kg', type: 'double precision', nullable: true })
  reportedMassKg!: number | null;
}
