import { ContractViolationError } from '../contract';
import { SKIN_DOSE_PATIENT, skinDoseCalculatedV1 } from '../../test/messages';
import { SkinDoseCalculatedV1 } from './skin-dose-calculated.v1';
import { SkinDoseCalculatedV2, skinDoseCalculatedV2Of } from './skin-dose-calculated.v2';

const { key } = SKIN_DOSE_PATIENT;
const v1Message = () => SkinDoseCalculatedV1.parse(skinDoseCalculatedV1());

describe('skin-dose.calculated v2: the patient key only', () => {
  it('is its own topic beside v1, keyed by the patient key', () => {
    expect(SkinDoseCalculatedV2.topic).toBe('kerma.skin-dose.calculated.v2');
    const v2 = skinDoseCalculatedV2Of(v1Message());
    expect(SkinDoseCalculatedV2.key(SkinDoseCalculatedV2.parse(v2))).toBe(key);
  });

  it('reads a v1 message as v2 without the patient id or issuer, every figure kept', () => {
    const v1 = v1Message();
    const v2 = SkinDoseCalculatedV2.parse(JSON.parse(JSON.stringify(skinDoseCalculatedV2Of(v1))));
    expect(v2.patient).toEqual({ key });
    expect(JSON.stringify(v2)).not.toContain('P1');
    const { patient: _p1, ...figures1 } = v1;
    const { patient: _p2, ...figures2 } = v2;
    expect(figures2).toEqual(figures1);
  });

  it('refuses a message that still names the patient (a producer cannot leak the id by mistake)', () => {
    const v1 = v1Message();
    expect(() => SkinDoseCalculatedV2.parse(v1)).toThrow(ContractViolationError);
    expect(() => SkinDoseCalculatedV2.parse({ ...v1, status: 'not-applicable', reason: { code: 'ct', message: 'CT' }, patient: { key, id: 'P1' } })).toThrow(
      ContractViolationError,
    );
  });

  it('carries a not-applicable answer with the key', () => {
    const { eventId, occurredAt, site, studyInstanceUid, sopInstanceUids, studyRevision } = v1Message();
    const message = { eventId, occurredAt, site, studyInstanceUid, sopInstanceUids, studyRevision, patient: { key } };
    expect(SkinDoseCalculatedV2.parse({ ...message, status: 'not-applicable', reason: { code: 'ct', message: 'CT' } })).toMatchObject({
      status: 'not-applicable',
      patient: { key },
    });
  });
});
