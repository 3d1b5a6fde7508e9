import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Procedure } from '@kerma/rdsr';
import { COMPRESSED_JSON } from '@kerma/platform';

/** An earlier reading of a report, replaced when an operator had it read again (reprocess). */
@Entity({ name: 'parsed_report_version' })
export class ParsedReportVersion {
  @PrimaryColumn({ name: 'sop_instance_uid', type: 'varchar', length: 64 })
  sopInstanceUid!: string;

  /** The report's `reprocessed` count when this reading was current (0: the first reading). */
  @PrimaryColumn({ type: 'integer' })
  reprocessed!: number;

  @Index()
  @Column({ name: 'study_instance_uid', type: 'varchar', length: 64 })
  studyInstanceUid!: string;

  /** Null when the reading that replaced it read the same (a reprocess with no change): kept once, in the newer one. */
  @Column({ type: 'text', nullable: true, transformer: COMPRESSED_JSON })
  procedure!: Procedure | null;

  @Column({ name: 'parser_version', type: 'varchar', length: 64, nullable: true })
  parserVersion!: string | null;

  @Column({ name: 'study_revision', type: 'integer', nullable: true })
  studyRevision!: number | null;

  @Column({ name: 'parsed_at', type: 'varchar', length: 32 })
  parsedAt!: string;

  @Column({ name: 'replaced_at', type: 'varchar', length: 32 })
  replacedAt!: string;
}
