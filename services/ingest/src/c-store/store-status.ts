import type { IntakeResult } from '../intake/intake.service';
import { FAILURE_REASON } from '../intake/rejection';

/** C-STORE response statuses (PS3.4 Annex B.2.3, PS3.7 Annex C). */
export const STORE_STATUS = {
  success: 0x0000,
  outOfResources: 0xa700,
  dataSetDoesNotMatch: 0xa900,
  cannotUnderstand: 0xc000,
  sopClassNotSupported: 0x0122,
  processingFailure: 0x0110,
  /** PS3.7 Annex C general status; what DICOM archives answer when they refuse a conflicting duplicate. */
  duplicateSopInstance: 0x0111,
} as const;

export interface StoreStatus {
  readonly status: number;
  /** Error Comment (0000,0902): Kerma's reason code and message, at most 64 characters (LO). */
  readonly errorComment: string | null;
}

/** A STOW-RS Failure Reason as a C-STORE status; transfer syntaxes are negotiated, so that refusal reads as "cannot understand". */
const STATUS_BY_FAILURE_REASON: Readonly<Record<number, number>> = {
  [FAILURE_REASON.cannotUnderstand]: STORE_STATUS.cannotUnderstand,
  [FAILURE_REASON.sopClassNotSupported]: STORE_STATUS.sopClassNotSupported,
  [FAILURE_REASON.transferSyntaxNotSupported]: STORE_STATUS.cannotUnderstand,
  [FAILURE_REASON.dataSetDoesNotMatch]: STORE_STATUS.dataSetDoesNotMatch,
  [FAILURE_REASON.processingFailure]: STORE_STATUS.processingFailure,
};

const ERROR_COMMENT_MAX_CHARS = 64;

/**
 * Stored and duplicate objects are both a success for the sender: the report is safely in Kerma. A
 * different object under a stored SOP Instance UID is a failure (Duplicate SOP Instance): it was
 * not stored as that instance, only kept in quarantine for review.
 */
export function storeStatusOf(result: IntakeResult): StoreStatus {
  if (result.status === 'quarantined') {
    // The quarantine id alone: the 64 characters of an Error Comment allow no more.
    return { status: STORE_STATUS.duplicateSopInstance, errorComment: errorComment(`conflicting-duplicate: ${result.quarantine.id}`) };
  }
  if (result.status !== 'rejected') return { status: STORE_STATUS.success, errorComment: null };
  const { code, message, dicomFailureReason } = result.rejection;
  return { status: STATUS_BY_FAILURE_REASON[dicomFailureReason] ?? STORE_STATUS.processingFailure, errorComment: errorComment(`${code}: ${message}`) };
}

export function errorComment(text: string): string {
  const ascii = text.replace(/[^\x20-\x5B\x5D-\x7E]/g, '?');
  return ascii.length <= ERROR_COMMENT_MAX_CHARS ? ascii : `${ascii.slice(0, ERROR_COMMENT_MAX_CHARS - 1)}~`;
}
