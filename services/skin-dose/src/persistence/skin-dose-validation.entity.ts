import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ValidationReport } from '@kerma/dosimetry';

/** A physicist's comparison of a measured dose distribution (film or point dosimeters) with a study's computed map. */
@Entity({ name: 'skin_dose_validation' })
export class SkinDoseValidation {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index()
  @Column({ name: 'study_instance_uid', type: 'varchar', length: 64 })
  studyInstanceUid!: string;

  @Column({ type: 'varchar', length: 64 })
  site!: string;

  /** The token's subject (or "local" with authentication off): who imported the measurement. */
  @Column({ name: 'created_by', type: 'varchar', length: 256 })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;

  /** When the compared calculation was made (a recomputation makes a later validation compare another map). */
  @Column({ name: 'calculation_computed_at', type: 'varchar', length: 32 })
  calculationComputedAt!: string;

  @Column({ name: 'algorithm_version', type: 'varchar', length: 64 })
  algorithmVersion!: string;

  @Column({ type: 'simple-json' })
  report!: ValidationReport;

  /** Computed | measured | difference, PNG, base64. */
  @Column({ name: 'picture_png', type: 'text' })
  picturePng!: string;
}
