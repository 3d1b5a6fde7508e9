import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Where a figure came from: a dose report, or typed in for a unit without RDSR or network. */
export type FigureProvenance = 'rdsr' | 'manual-entry';

/**
 * One dose figure of one study (DLP, CTDIvol, KAP…: libs/dose-figures DRL_METRICS), with the columns
 * DRL analytics groups and filters on. A narrow table so that percentiles over a million studies
 * read one index range per metric and period instead of every study record's JSON. The first index
 * holds every column the report reads, so PostgreSQL answers from the index alone (index-only scan)
 * instead of visiting the table's pages scattered over the period (docs/performance.md).
 */
@Entity({ name: 'study_dose_figure' })
@Index(['metric', 'studySortKey', 'site', 'device', 'procedure', 'bodyRegion', 'weightKg', 'value'])
@Index(['metric', 'site', 'studySortKey'])
export class StudyDoseFigure {
  @PrimaryColumn({ name: 'study_instance_uid', type: 'varchar', length: 64 })
  studyInstanceUid!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  metric!: string;

  /** Several values of one metric in one study (AGD per breast) are numbered from 0. */
  @PrimaryColumn({ type: 'integer' })
  ordinal!: number;

  @Column({ type: 'double precision' })
  value!: number;

  @Column({ type: 'varchar', length: 64 })
  site!: string;

  /** Station name, else model name. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  device!: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  procedure!: string | null;

  @Column({ name: 'body_region', type: 'varchar', length: 128, nullable: true })
  bodyRegion!: string | null;

  /** As study_record.study_sort_key (studies/study-listing.ts): '' when the date is unknown. */
  @Column({ name: 'study_sort_key', type: 'varchar', length: 20 })
  studySortKey!: string;

  @Column({ name: 'weight_kg', type: 'double precision', nullable: true })
  weightKg!: number | null;

  @Column({ type: 'varchar', length: 16 })
  provenance!: FigureProvenance;
}
