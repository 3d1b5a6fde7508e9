import type { Procedure } from './model/procedure';
import type { RdsrError } from './model/errors';

/** Result of reading a dose report: the normalized procedure, or a typed error. Never throws on bad bytes. */
export type ParseOutcome = { readonly ok: true; readonly procedure: Procedure } | { readonly ok: false; readonly error: RdsrError };

/** The identifying header of any DICOM object, read without walking the SR tree (cheap; used at ingest). */
export interface DicomIdentity {
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly studyInstanceUid: string | null;
  readonly seriesInstanceUid: string | null;
  readonly modality: string | null;
  readonly patientId: string | null;
  readonly issuerOfPatientId: string | null;
  readonly transferSyntaxUid: string | null;
  /**
   * True for a dose object Kerma reads: a dose report (88.67, 88.76, 88.68; 88.22, 88.33 with a dose-report
   * root), an image whose header carries dose attributes, or a CT dose screen with readable dose text.
   */
  readonly isDoseReport: boolean;
  /** When isDoseReport is false for an image or secondary capture: what it lacks. */
  readonly notDoseReason?: string;
  /** Human-readable SOP class name when known, else the UID. */
  readonly sopClassName: string;
}

export type IdentifyOutcome = { readonly ok: true; readonly identity: DicomIdentity } | { readonly ok: false; readonly error: RdsrError };

/** Relation of a newly received report to the reports already stored for the same study. */
export type ReportRelation =
  | { readonly kind: 'new-study' }
  | { readonly kind: 'duplicate'; readonly of: string }
  | { readonly kind: 'superseded'; readonly by: string }
  | { readonly kind: 'replaces'; readonly sopInstanceUids: readonly string[] }
  | { readonly kind: 'continuation' }
  | { readonly kind: 'overlap'; readonly with: readonly string[] };

export interface StoredReportSummary {
  readonly sopInstanceUid: string;
  readonly irradiationEventUids: readonly string[];
}
