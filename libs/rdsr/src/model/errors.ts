/**
 * Typed failures of reading a dose report. Each carries a code a machine can branch on and a
 * message a person can act on; none carries patient-identifying data.
 */
export type RdsrErrorCode =
  | 'not-dicom' // no DICM preamble and not a readable raw dataset
  | 'truncated' // the byte stream ends inside an element
  | 'malformed' // lengths, VRs or nesting that cannot be read
  | 'unsupported-transfer-syntax'
  | 'not-a-dose-report' // valid DICOM, but not a dose report (see `what`)
  | 'unknown-unit' // a measurement in a unit the unit table does not know (see `unit`, `concept`)
  | 'invalid-content'; // a dose report whose mandatory content is missing or contradictory

export interface RdsrError {
  readonly code: RdsrErrorCode;
  readonly message: string;
  /** For not-a-dose-report: what the object is (SOP class name or UID, modality). */
  readonly what?: string;
  readonly unit?: string;
  readonly concept?: string;
}

export class RdsrParseError extends Error {
  constructor(readonly detail: RdsrError) {
    super(detail.message);
    this.name = 'RdsrParseError';
  }
}
