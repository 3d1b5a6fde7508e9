import type { IntakeResult } from '../intake/intake.service';
import { FAILURE_REASON } from '../intake/rejection';

type DicomJson = Record<string, { vr: string; Value?: unknown[] }>;

/** Kerma's private block in STOW responses: the precise reason behind a Failure Reason code. */
const PRIVATE_CREATOR = { '00090010': { vr: 'LO', Value: ['KERMA 1.0'] } };
const REASON_CODE_TAG = '00091001';
const REASON_TEXT_TAG = '00091002';
/** Where a quarantined object can be reviewed and resolved. */
const QUARANTINE_URL_TAG = '00091003';
/**
 * The number of the request part the item is about (1 = first). PS3.18 does not order the sequences, and a
 * refused part may have no SOP Instance UID at all: with it a client sending many files per request (kerma
 * import) knows each file's outcome.
 */
const PART_NUMBER_TAG = '00091004';

export interface StowOutcome {
  readonly status: 200 | 202 | 409;
  readonly body: DicomJson;
}

/**
 * PS3.18 §10.5 response: Referenced SOP Sequence (0008,1199) for stored objects, Failed SOP
 * Sequence (0008,1198) with Failure Reason (0008,1197) for refused ones. Each item also names the
 * object's Study Instance UID (0020,000D): one request may carry reports of several studies, and the number of
 * its request part (0009,1004) in Kerma's private block. 200 when all were stored,
 * 202 when some failed, 409 when none could be stored.
 */
export function stowResponse(results: readonly IntakeResult[], baseUrl: string): StowOutcome {
  const referenced: DicomJson[] = [];
  const failed: DicomJson[] = [];
  for (const [i, result] of results.entries()) {
    const part = { ...PRIVATE_CREATOR, [PART_NUMBER_TAG]: { vr: 'IS', Value: [i + 1] } };
    if (result.status === 'quarantined') {
      // A failure, not a warning: the object was not stored as this SOP Instance (its retrieve URL
      // serves the original), so a 202 Warning would tell the sender its data is in place when it
      // is not. 409 Conflict (or 202 in a mixed request) with Failure Reason 0111H "Duplicate SOP
      // Instance" (PS3.7 Annex C), as DICOM archives answer a rejected conflicting duplicate; the
      // object itself is kept in quarantine for a person to resolve.
      const q = result.quarantine;
      failed.push({
        '00081150': { vr: 'UI', Value: [q.sopClassUid] },
        '00081155': { vr: 'UI', Value: [q.sopInstanceUid] },
        '0020000D': { vr: 'UI', Value: [q.studyInstanceUid] },
        '00081197': { vr: 'US', Value: [FAILURE_REASON.duplicateSopInstance] },
        ...part,
        [REASON_CODE_TAG]: { vr: 'LO', Value: ['conflicting-duplicate'] },
        [REASON_TEXT_TAG]: {
          vr: 'LT',
          Value: [`a different object with this SOP Instance UID is already stored; the original was kept and this one is in quarantine ${q.id} for review`],
        },
        [QUARANTINE_URL_TAG]: { vr: 'UR', Value: [`${baseUrl}/api/v1/quarantine/${q.id}`] },
      });
      continue;
    }
    if (result.status === 'rejected') {
      failed.push({
        ...(result.identity?.sopClassUid ? { '00081150': { vr: 'UI', Value: [result.identity.sopClassUid] } } : {}),
        ...(result.identity?.sopInstanceUid ? { '00081155': { vr: 'UI', Value: [result.identity.sopInstanceUid] } } : {}),
        ...(result.identity?.studyInstanceUid ? { '0020000D': { vr: 'UI', Value: [result.identity.studyInstanceUid] } } : {}),
        '00081197': { vr: 'US', Value: [result.rejection.dicomFailureReason] },
        ...part,
        [REASON_CODE_TAG]: { vr: 'LO', Value: [result.rejection.code] },
        [REASON_TEXT_TAG]: { vr: 'LT', Value: [result.rejection.message] },
      });
      continue;
    }
    const o = result.object;
    referenced.push({
      '00081150': { vr: 'UI', Value: [o.sopClassUid] },
      '00081155': { vr: 'UI', Value: [o.sopInstanceUid] },
      '00081190': { vr: 'UR', Value: [`${baseUrl}/api/v1/instances/${o.id}/file`] },
      '0020000D': { vr: 'UI', Value: [o.studyInstanceUid] },
      ...part,
      ...(result.status === 'duplicate'
        ? {
            [REASON_CODE_TAG]: { vr: 'LO', Value: ['duplicate'] },
            [REASON_TEXT_TAG]: { vr: 'LT', Value: ['already stored; not processed again'] },
          }
        : {}),
    });
  }
  const body: DicomJson = {};
  if (referenced.length) body['00081199'] = { vr: 'SQ', Value: referenced };
  if (failed.length) body['00081198'] = { vr: 'SQ', Value: failed };
  const status = failed.length === 0 ? 200 : referenced.length === 0 ? 409 : 202;
  return { status, body };
}
