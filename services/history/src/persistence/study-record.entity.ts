import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CtFigures, MammographyFigures, NuclearMedicineFigures, SkinDoseApplicability, StudyDoseFigures } from '@kerma/dose-figures';
import type { DoseSource, ProcedureKind } from '@kerma/rdsr';

/** 'not-applicable': the stage has nothing to do for this study (a skin dose for a CT study). */
export type StageState = 'pending' | 'done' | 'failed' | 'not-applicable';

/** Device totals and event sums per plane and over all planes (libs/dose-figures). */
export type StudyTotals = Pick<StudyDoseFigures, 'doseRpTotalGy' | 'dapTotalGyCm2' | 'fluoroTimeTotalS' | 'eventCount' | 'perPlane'>;

export interface SkinDoseSummary {
  readonly psdGy: number;
  readonly method: string;
  readonly expandedUncertaintyPercentK2: number;
  readonly psdLocation: { region: string; xMm: number; yMm: number; zMm: number } | null;
  readonly sanity: { status: 'ok' | 'suspect'; findings: readonly { code: string; message: string }[] };
  readonly skinAreaCm2AtOrAbove: { gy2: number; gy3: number; gy5: number; gy10: number };
  readonly assumptions: readonly { code: string; detail: string }[];
  readonly profile: { id: string; version: string };
  readonly algorithmVersion: string;
  readonly mapUrl: string | null;
  /** The reports the calculation covered, and the study revision they formed. */
  readonly sopInstanceUids: readonly string[];
  readonly studyRevision: number;
  readonly calculatedAt: string;
}

export interface StageFailure {
  readonly stage: string;
  readonly consumerGroup: string;
  readonly topic: string;
  readonly kind: string;
  readonly code: string | null;
  readonly message: string;
  readonly sopInstanceUid: string | null;
  readonly failedAt: string;
}

export interface AlertSummary {
  readonly alertId: string;
  readonly metric: string;
  readonly level: string;
  readonly measured: { value: number; unit: string };
  readonly threshold: { value: number; unit: string };
  readonly raisedAt: string;
  /** Absent on alerts recorded before the follow-up: study, open. */
  readonly kind?: string;
  readonly state?: string;
  /** The transition number of `state`: a redelivered older state never replaces a newer one. */
  readonly stateSeq?: number;
  readonly stateAt?: string;
  readonly skinCheckDueOn?: string | null;
}

/** Everything history knows about one study, assembled from the events of every stage. */
@Entity({ name: 'study_record' })
@Index(['patientId', 'patientIdIssuer'])
// Keyset pagination of the study list, newest first, over everything or within one site.
@Index(['studySortKey', 'studyInstanceUid'])
@Index(['site', 'studySortKey', 'studyInstanceUid'])
export class StudyRecord {
  @PrimaryColumn({ name: 'study_instance_uid', type: 'varchar', length: 64 })
  studyInstanceUid!: string;

  @Index()
  @Column({ type: 'varchar', length: 64 })
  site!: string;

  @Index()
  @Column({ name: 'patient_key', type: 'varchar', length: 64 })
  patientKey!: string;

  @Column({ name: 'patient_id', type: 'varchar', length: 64, nullable: true })
  patientId!: string | null;

  @Column({ name: 'patient_id_issuer', type: 'varchar', length: 64, nullable: true })
  patientIdIssuer!: string | null;

  @Column({ name: 'study_date_time', type: 'varchar', length: 32, nullable: true })
  studyDateTime!: string | null;

  /** Study date-time as 20 digits for ordering, '' when unknown (studies/study-listing.ts). */
  @Column({ name: 'study_sort_key', type: 'varchar', length: 20, default: '' })
  studySortKey!: string;

  @Column({ type: 'simple-json', nullable: true })
  device!: { manufacturer: string | null; modelName: string | null; stationName: string | null } | null;

  /** Copied from `device` so the study list can filter on them. */
  @Index()
  @Column({ name: 'station_name', type: 'varchar', length: 64, nullable: true })
  stationName!: string | null;

  @Index()
  @Column({ name: 'model_name', type: 'varchar', length: 64, nullable: true })
  modelName!: string | null;

  @Column({ name: 'sop_instance_uids', type: 'simple-json' })
  sopInstanceUids!: string[];

  /** Latest study.parsed revision applied (0 before parsing): older states are ignored. */
  @Column({ name: 'study_revision', type: 'integer' })
  studyRevision!: number;

  @Column({ name: 'received_state', type: 'varchar', length: 8 })
  receivedState!: StageState;

  @Column({ name: 'received_at', type: 'varchar', length: 32, nullable: true })
  receivedAt!: string | null;

  @Column({ name: 'parsed_state', type: 'varchar', length: 8 })
  parsedState!: StageState;

  @Column({ name: 'parsed_at', type: 'varchar', length: 32, nullable: true })
  parsedAt!: string | null;

  /** The parser that read the current revision; null before parsing or when the producer did not say. */
  @Column({ name: 'parser_version', type: 'varchar', length: 64, nullable: true })
  parserVersion!: string | null;

  @Index()
  @Column({ type: 'varchar', length: 16, nullable: true })
  kind!: ProcedureKind | null;

  @Column({ type: 'simple-json', nullable: true })
  totals!: StudyTotals | null;

  /** CT figures (TID 10011) of a CT study, null for every other kind. */
  @Column({ type: 'simple-json', nullable: true })
  ct!: CtFigures | null;

  /** Accumulated glandular doses of a mammography study, null for every other kind. */
  @Column({ type: 'simple-json', nullable: true })
  mammography!: MammographyFigures | null;

  /** Administrations of a nuclear-medicine study (activity, agent, radionuclide, doses), null for every other kind. */
  @Column({ name: 'nuclear_medicine', type: 'simple-json', nullable: true })
  nuclearMedicine!: NuclearMedicineFigures | null;

  /** Dose report, image headers or dose screen; null before parsing. */
  @Column({ name: 'dose_source', type: 'varchar', length: 16, nullable: true })
  doseSource!: DoseSource | null;

  /** Whether the study has a skin dose at all, and why not (from the parsed procedure). */
  @Column({ name: 'skin_dose_applicability', type: 'simple-json', nullable: true })
  skinDoseApplicability!: SkinDoseApplicability | null;

  @Column({ name: 'skin_dose_state', type: 'varchar', length: 16 })
  skinDoseState!: StageState;

  @Column({ name: 'skin_dose', type: 'simple-json', nullable: true })
  skinDose!: SkinDoseSummary | null;

  @Column({ type: 'simple-json' })
  alerts!: AlertSummary[];

  @Column({ type: 'simple-json' })
  failures!: StageFailure[];

  /** pending | complete | failed, derived from the stages and failures (studies/study-listing.ts). */
  @Index()
  @Column({ name: 'overall_status', type: 'varchar', length: 16, default: 'pending' })
  overallStatus!: 'pending' | 'complete' | 'failed';

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt!: string;

  /** Optimistic concurrency: events of different topics update the same study concurrently. */
  @Column({ type: 'integer' })
  version!: number;
}
