import { Column, Entity, PrimaryColumn } from 'typeorm';
import { COMPRESSED_JSON } from '@kerma/platform';
import type { SkinDoseFigures } from '../calculation/skin-dose-figures';

/** A result replaced by a recomputation (profile, room commissioning or patient size change), kept for the audit. */
@Entity({ name: 'skin_dose_result_version' })
export class SkinDoseResultVersion {
  @PrimaryColumn({ name: 'study_instance_uid', type: 'varchar', length: 64 })
  studyInstanceUid!: string;

  @PrimaryColumn({ name: 'result_version', type: 'integer' })
  resultVersion!: number;

  @Column({ name: 'computed_at', type: 'varchar', length: 32 })
  computedAt!: string;

  @Column({ type: 'text', transformer: COMPRESSED_JSON })
  result!: SkinDoseFigures;
}
