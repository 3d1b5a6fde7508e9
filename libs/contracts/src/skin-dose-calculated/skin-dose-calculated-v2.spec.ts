import { randomUUID } from 'node:crypto';
import { ContractViolationError } from '../contract';
import { patientKey } from '../common/patient-key';
import { SkinDoseCalculatedV1, type SkinDoseCalculatedV1 as V1 } from './skin-dose-calculated.v1';
import { SkinDoseCalculatedV2, skinDoseCalculatedV2Of } from './skin-dose-calculated.v2';

const key = patientKey({ site: 'site-a', patientId: 'P1', issuer: 'H1', studyInstanceUid: '1.2.3' });

function v1Message(): V1 {
  return SkinDoseCalculatedV1.parse({
    eventId: randomUUID(),
    occurredAt: '2026-12-01T10:00:00.000Z',
    site: 'site-a',
    studyInstanceUid: '1.2.3',
    patient: { id: 'P1', issuer: 'H1', key },
    sopInstanceUids: ['1.2.3.4'],
    studyRevision: 1,
    status: 'calculated',
    method: 'ray-trace',
    psdGy: 1.2,
    psdLocation: null,
    expandedUncertaintyPercentK2: 55,
    skinAreaCm2AtOrAbove: { gy2: 0, gy3: 0, gy5: 0, gy10: 0 },
    dapShareOnPhantom: 0.98,
    perPlane: [{ plane: 'single', psdGy: 1.2, doseRpGy: 1.5 }],
    doseRpTotalGy: 1.5,
    assumptions: [],
    sanity: { status: 'ok', findings: [] },
    phantom: 'human',
    profile: { id: 'generic', version: '1.1.0' },
    algorithmVersion: 'kerma-skin-dose 1.2.0',
    mapUrl: null,
  });
}

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
