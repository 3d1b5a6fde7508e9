import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SkinDoseMapV1 } from '@kerma/contracts';

/**
 * A study's latest skin dose map, as `kerma.skin-dose.calculated.v2` carried it: one row per study,
 * replaced only by a newer calculation (higher study revision, or the same revision recomputed later).
 * The grid stays compressed (float32, gzip, base64 — PostgreSQL and SQLite share no binary column
 * type in TypeORM, and the SQLite schema is synchronized from this entity).
 */
@Entity({ name: 'study_skin_dose_map' })
export class StudySkinDoseMap {
  @PrimaryColumn({ name: 'study_instance_uid', type: 'varchar', length: 64 })
  studyInstanceUid!: string;

  /** Study revision of the calculation. */
  @Column({ name: 'study_revision', type: 'integer' })
  studyRevision!: number;

  /** When the calculation was announced (the event's occurredAt): orders recomputations of one revision. */
  @Column({ name: 'calculated_at', type: 'varchar', length: 32 })
  calculatedAt!: string;

  /** The phantom the map is on; null when the calculation had no map (geometry unavailable, older producer). */
  @Column({ type: 'simple-json', nullable: true })
  surface!: SkinDoseMapV1['surface'] | null;

  @Column({ name: 'width_cells', type: 'integer', nullable: true })
  widthCells!: number | null;

  @Column({ name: 'height_cells', type: 'integer', nullable: true })
  heightCells!: number | null;

  /** float32 little-endian grid, gzip, base64. */
  @Column({ name: 'dose_grid', type: 'text', nullable: true })
  doseGrid!: string | null;
}
