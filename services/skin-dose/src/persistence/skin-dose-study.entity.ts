import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { SkinDoseNotApplicableCode } from '@kerma/contracts';
import type { StoredPatient } from '../study-parsed/stored-study-input';
import type { Procedure } from '@kerma/rdsr';
import type { SerializedDoseMap } from '@kerma/dosimetry';
import { COMPRESSED_JSON } from '@kerma/platform';
import type { SkinDoseFigures } from '../calculation/skin-dose-figures';
import { DOSE_MAP_COLUMN } from './dose-map-column';

/** A study's input (kept for recomputation after a profile change) and its latest result and map. */
@Entity({ name: 'skin_dose_study' })
@Index('IDX_skin_dose_study_room', ['roomId'])
@Index('IDX_skin_dose_study_accession', ['accessionNumber'])
export class SkinDoseStudy {
  @PrimaryColumn({ name: 'study_instance_uid', type: 'varchar', length: 64 })
  studyInstanceUid!: string;

  @Column({ type: 'varchar', length: 64 })
  site!: string;

  /** The patient key and a digest of the id, never the id or issuer (stored-study-input.ts). */
  @Column({ type: 'simple-json' })
  patient!: StoredPatient;

  @Column({ name: 'sop_instance_uids', type: 'simple-json' })
  sopInstanceUids!: string[];

  /** study.parsed revision of the stored input: an older state never overwrites a newer one. */
  @Column({ name: 'study_revision', type: 'integer' })
  studyRevision!: number;

  /** The procedure without patient id, issuer, name or birth date; compressed JSON (recompute reads it back whole). */
  @Column({ type: 'text', transformer: COMPRESSED_JSON })
  procedure!: Procedure;

  @Column({ name: 'input_received_at', type: 'varchar', length: 32 })
  inputReceivedAt!: string;

  @Column({ type: 'text', nullable: true, transformer: COMPRESSED_JSON })
  result!: SkinDoseFigures | null;

  /** Set instead of `result` when the procedure has no skin dose to compute (CT, mammography, …). */
  @Column({ name: 'not_applicable', type: 'simple-json', nullable: true })
  notApplicable!: { code: SkinDoseNotApplicableCode; reason: string } | null;

  @Column({ name: 'dose_map', type: 'text', nullable: true, transformer: DOSE_MAP_COLUMN })
  doseMap!: SerializedDoseMap | null;

  @Column({ name: 'computed_at', type: 'varchar', length: 32, nullable: true })
  computedAt!: string | null;

  /** Accession number of the study (patient sizes from the RIS are keyed by it). */
  @Column({ name: 'accession_number', type: 'varchar', length: 64, nullable: true })
  accessionNumber!: string | null;

  /** The room the study was done in (see rooms/room-identity.ts); null when the report identifies none. */
  @Column({ name: 'room_id', type: 'varchar', length: 160, nullable: true })
  roomId!: string | null;

  /** Counts the results computed for this study; earlier ones are kept in skin_dose_result_version. */
  @Column({ name: 'result_version', type: 'integer', default: 1 })
  resultVersion!: number;
}
