import type { IntakeResult } from '../intake/intake.service';
import { FAILURE_REASON, type Rejection } from '../intake/rejection';
import type { QuarantinedObject } from '../persistence/quarantined-object.entity';
import type { StoredObject } from '../persistence/stored-object.entity';
import { errorComment, storeStatusOf } from './store-status';

const rejected = (code: Rejection['code'], dicomFailureReason: number, message = 'why'): IntakeResult => ({
  status: 'rejected',
  rejection: { code, message, dicomFailureReason },
});
const object = { id: 'x' } as StoredObject;

describe('C-STORE status of an intake result', () => {
  it('is success for stored objects and for duplicates (the report is safely in Kerma)', () => {
    expect(storeStatusOf({ status: 'stored', object })).toEqual({ status: 0x0000, errorComment: null });
    expect(storeStatusOf({ status: 'duplicate', object })).toEqual({ status: 0x0000, errorComment: null });
  });

  it('is 0x0111 Duplicate SOP Instance for a different object under a stored UID, naming its quarantine record', () => {
    const quarantine = { id: '0b3c8a52-1f7e-4d7a-9a55-3f0f1b0c2d11' } as QuarantinedObject;
    expect(storeStatusOf({ status: 'quarantined', original: object, quarantine })).toEqual({
      status: 0x0111,
      errorComment: `conflicting-duplicate: ${quarantine.id}`,
    });
  });

  it.each([
    ['not-dicom', FAILURE_REASON.cannotUnderstand, 0xc000],
    ['truncated', FAILURE_REASON.cannotUnderstand, 0xc000],
    ['not-a-dose-report', FAILURE_REASON.sopClassNotSupported, 0x0122],
    ['sop-class-mismatch', FAILURE_REASON.dataSetDoesNotMatch, 0xa900],
    ['missing-uid', FAILURE_REASON.dataSetDoesNotMatch, 0xa900],
    ['unsupported-transfer-syntax', FAILURE_REASON.transferSyntaxNotSupported, 0xc000],
  ] as const)('maps %s (failure reason %i) to status %i with the reason in the error comment', (code, reason, status) => {
    const outcome = storeStatusOf(rejected(code, reason, 'the details'));
    expect(outcome.status).toBe(status);
    expect(outcome.errorComment).toBe(`${code}: the details`);
  });

  it('keeps error comments within 64 printable characters', () => {
    const comment = errorComment(`not-a-dose-report: ${'x'.repeat(100)}\nµ`);
    expect(comment).toHaveLength(64);
    expect(comment).toMatch(/^[\x20-\x7e]+$/);
    expect(errorComment('a\\b')).toBe('a?b');
  });
});
