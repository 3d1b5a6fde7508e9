import { randomUUID } from 'node:crypto';
import { ContractViolationError } from '../contract';
import { patientKey } from '../common/patient-key';
import { SkinDoseCalculatedV1, type SkinDoseCalculatedShapeV1 } from './skin-dose-calculated.v1';

function calculated(overrides: Partial<SkinDoseCalculatedShapeV1> = {}): SkinDoseCalculatedShapeV1 {
  return {
    eventId: randomUUID(),
    occurredAt: '2026-12-01T10:00:00.000Z',
    site: 'site-a',
    studyInstanceUid: '1.2.3',
    patient: { id: 'P1', issuer: 'H1', key: patientKey({ site: 'site-a', patientId: 'P1', issuer: 'H1', studyInstanceUid: '1.2.3' }) },
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
    ...overrides,
  };
}

describe('skin-dose.calculated v1: the optional 95 % interval', () => {
  it('accepts a message with psdInterval95Gy and one written before it existed', () => {
    expect(SkinDoseCalculatedV1.parse(calculated({ psdInterval95Gy: { lowerGy: 0.78, upperGy: 1.9 } }))).toMatchObject({
      psdInterval95Gy: { lowerGy: 0.78, upperGy: 1.9 },
    });
    expect(SkinDoseCalculatedV1.parse(calculated())).not.toHaveProperty('psdInterval95Gy');
  });

  it('rejects a negative lower bound', () => {
    expect(() => SkinDoseCalculatedV1.parse(calculated({ psdInterval95Gy: { lowerGy: -0.1, upperGy: 1.9 } }))).toThrow(ContractViolationError);
  });
});
