/**
 * Why ingest refused an object. `dicomFailureReason` is the PS3.18 STOW-RS Failure Reason (0008,1197);
 * `code` and `message` are Kerma's precise reason, returned beside it.
 */
export interface Rejection {
  readonly code:
    | 'not-dicom'
    | 'truncated'
    | 'malformed'
    | 'unsupported-transfer-syntax'
    | 'not-a-dose-report'
    | 'missing-uid'
    | 'invalid-uid'
    | 'invalid-site'
    | 'study-mismatch'
    | 'sop-class-mismatch'
    | 'sop-instance-mismatch';
  readonly message: string;
  readonly dicomFailureReason: number;
}

export const FAILURE_REASON = {
  /** Cannot understand: not DICOM, or not readable. */
  cannotUnderstand: 0xc000,
  /** Referenced SOP Class not supported. */
  sopClassNotSupported: 0x0122,
  /** Referenced Transfer Syntax not supported. */
  transferSyntaxNotSupported: 0xc122,
  /** Data Set does not match SOP Class. */
  dataSetDoesNotMatch: 0xa900,
  /** Duplicate SOP Instance (PS3.7 Annex C): a different object already has this SOP Instance UID. */
  duplicateSopInstance: 0x0111,
  /** Processing failure. */
  processingFailure: 0x0110,
} as const;
