import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Procedure } from '@kerma/rdsr';
import { COMPRESSED_JSON } from '@kerma/platform';

/** One parsed dose report. A study is the set of its reports that no later report superseded. */
@Entity({ name: 'parsed_report' })
export class ParsedReport {
  @PrimaryColumn({ name: 'sop_instance_uid', type: 'varchar', length: 64 })
  sopInstanceUid!: string;

  @Index()
  @Column({ name: 'study_instance_uid', type: 'varchar', length: 64 })
  studyInstanceUid!: string;

  @Column({ type: 'varchar', length: 64 })
  site!: string;

  @Column({ name: 'object_id', type: 'varchar', length: 36 })
  objectId!: string;

  /** Compressed JSON, like the procedure (a long report's event UIDs are kilobytes). */
  @Column({ name: 'event_uids', type: 'text', transformer: COMPRESSED_JSON })
  eventUids!: string[];

  /** Compressed JSON (what recompute and the study assembly read back, ~10× smaller than plain JSON). */
  @Column({ type: 'text', transformer: COMPRESSED_JSON })
  procedure!: Procedure;

  /** PARSER_VERSION that read this revision; null for reports parsed before it was recorded. */
  @Column({ name: 'parser_version', type: 'varchar', length: 64, nullable: true })
  parserVersion!: string | null;

  /** The study revision this report's reading made; null for reports parsed before it was recorded. */
  @Column({ name: 'study_revision', type: 'integer', nullable: true })
  studyRevision!: number | null;

  /** SOP Instance UID of the cumulative report that replaced this one. */
  @Column({ name: 'superseded_by', type: 'varchar', length: 64, nullable: true })
  supersededBy!: string | null;

  /** How often an operator had this report read again (each time is a new study revision). */
  @Column({ name: 'reprocessed', type: 'integer', default: 0 })
  reprocessed!: number;

  @Column({ name: 'parsed_at', type: 'varchar', length: 32 })
  parsedAt!: string;

  /** Set once the study state including this report was announced on kerma.study.parsed.v2. */
  @Column({ name: 'published_at', type: 'varchar', length: 32, nullable: true })
  publishedAt!: string | null;
}
