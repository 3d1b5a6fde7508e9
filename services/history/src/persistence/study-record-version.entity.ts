import { Column, Entity, PrimaryColumn } from 'typeorm';
import { COMPRESSED_JSON } from '@kerma/platform';
import type { StudyFigures, VersionReason } from '../studies/study-versions';

/** A study's dose figures as they were before a new revision or a recomputed skin dose replaced them. */
@Entity({ name: 'study_record_version' })
export class StudyRecordVersion {
  @PrimaryColumn({ name: 'study_instance_uid', type: 'varchar', length: 64 })
  studyInstanceUid!: string;

  /** The study record's `version` when these figures were replaced (orders a study's versions). */
  @PrimaryColumn({ name: 'record_version', type: 'integer' })
  recordVersion!: number;

  @Column({ name: 'replaced_at', type: 'varchar', length: 32 })
  replacedAt!: string;

  @Column({ type: 'varchar', length: 16 })
  reason!: VersionReason;

  /** Names of the figures that differ in what replaced them (studies/study-versions.ts). */
  @Column({ type: 'simple-json' })
  changed!: string[];

  /** Compressed JSON: the replaced figures, with the parser and skin-dose versions that made them. */
  @Column({ type: 'text', transformer: COMPRESSED_JSON })
  figures!: StudyFigures;
}
