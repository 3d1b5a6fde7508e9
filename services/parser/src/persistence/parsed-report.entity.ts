import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Procedure } from '@kerma/rdsr';

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

  @Column({ name: 'event_uids', type: 'simple-json' })
  eventUids!: string[];

  @Column({ type: 'simple-json' })
  procedure!: Procedure;

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
