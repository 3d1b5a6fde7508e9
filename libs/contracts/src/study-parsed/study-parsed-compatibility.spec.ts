import { randomUUID } from 'node:crypto';
import { parseDoseReport } from '@kerma/rdsr';
import { generateRdsr, generateRadiopharmaceuticalDoseReport, procedureSpec } from '@kerma/testing';
import { patientKey } from '../common/patient-key';
import { StudyParsedV1 } from './study-parsed.v1';

function message(bytes: Uint8Array) {
  const outcome = parseDoseReport(bytes);
  if (!outcome.ok) throw new Error(outcome.error.message);
  const p = outcome.procedure;
  return {
    eventId: randomUUID(),
    occurredAt: '2026-12-01T10:00:00.000Z',
    site: 'site-a',
    studyInstanceUid: p.study.studyInstanceUid,
    patient: { id: 'P1', issuer: null, key: patientKey({ site: 'site-a', patientId: 'P1', issuer: null, studyInstanceUid: p.study.studyInstanceUid }) },
    triggeringSopInstanceUid: p.study.sopInstanceUid,
    relation: 'new-study',
    studyRevision: 1,
    sopInstanceUids: [p.study.sopInstanceUid],
    procedure: p,
  };
}

describe('study.parsed v1 with dose objects (backward compatible extension)', () => {
  it('reads a message written before source, nuclearMedicine and imageHeader existed: a dose report without them', () => {
    const current = message(generateRdsr(procedureSpec({ seed: 81, events: 2 })));
    const { source: _source, nuclearMedicine: _nm, ...procedure } = current.procedure;
    const older = { ...current, procedure: { ...procedure, events: procedure.events.map(({ imageHeader: _h, ...e }) => e) } };
    const parsed = StudyParsedV1.parse(JSON.parse(JSON.stringify(older)));
    expect(parsed.procedure.source).toBe('rdsr');
    expect(parsed.procedure.nuclearMedicine).toBeNull();
    expect(parsed.procedure.events.every((e) => e.imageHeader === null)).toBe(true);
    expect(parsed).toEqual(JSON.parse(JSON.stringify(current)));
  });

  it('carries a nuclear-medicine procedure', () => {
    const current = message(generateRadiopharmaceuticalDoseReport());
    expect(StudyParsedV1.parse(JSON.parse(JSON.stringify(current))).procedure).toMatchObject({
      kind: 'nuclear-medicine',
      nuclearMedicine: { administrations: [expect.any(Object)] },
    });
  });
});
