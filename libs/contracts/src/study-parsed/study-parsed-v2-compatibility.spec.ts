import { randomUUID } from 'node:crypto';
import { parseDoseReport } from '@kerma/rdsr';
import { generateRdsr, procedureSpec } from '@kerma/testing';
import { ContractViolationError } from '../contract';
import { patientKey } from '../common/patient-key';
import { StudyParsedV1 } from './study-parsed.v1';
import { procedureOf, StudyParsedV2, studyParsedV2Of } from './study-parsed.v2';

function v1Message(): StudyParsedV1 {
  const outcome = parseDoseReport(generateRdsr(procedureSpec({ seed: 82, events: 2 })));
  if (!outcome.ok) throw new Error(outcome.error.message);
  const p = outcome.procedure;
  return StudyParsedV1.parse({
    eventId: randomUUID(),
    occurredAt: '2026-12-01T10:00:00.000Z',
    site: 'site-a',
    studyInstanceUid: p.study.studyInstanceUid,
    patient: { id: 'P1', issuer: null, key: patientKey({ site: 'site-a', patientId: 'P1', issuer: null, studyInstanceUid: p.study.studyInstanceUid }) },
    triggeringSopInstanceUid: p.study.sopInstanceUid,
    relation: 'new-study',
    studyRevision: 1,
    sopInstanceUids: [p.study.sopInstanceUid],
    procedure: { ...p, patient: { ...p.patient, birthDate: '1950-03-04', ageYears: { value: 76, provenance: 'read' } } },
  }) as StudyParsedV1;
}

describe('study.parsed v2: no birth date, no name', () => {
  it('is its own topic beside v1', () => {
    expect(StudyParsedV2.topic).toBe('kerma.study.parsed.v2');
    expect(StudyParsedV1.topic).toBe('kerma.study.parsed.v1');
  });

  it('reads a v1 message as v2: birth date and name left out, the age and the rest kept', () => {
    const v1 = v1Message();
    const v2 = StudyParsedV2.parse(JSON.parse(JSON.stringify(studyParsedV2Of(v1))));
    expect(v2.procedure.patient).not.toHaveProperty('birthDate');
    expect(v2.procedure.patient).not.toHaveProperty('name');
    expect(JSON.stringify(v2)).not.toContain('1950-03-04');
    expect(v2.procedure.patient.ageYears).toEqual({ value: 76, provenance: 'read' });
    expect(v2.patient).toEqual(v1.patient);
    const { birthDate: _b, name: _n, ...patient } = v1.procedure.patient;
    expect(v2.procedure).toEqual(JSON.parse(JSON.stringify({ ...v1.procedure, patient })));
  });

  it('refuses a message whose procedure still carries the birth date', () => {
    expect(() => StudyParsedV2.parse(v1Message())).toThrow(ContractViolationError);
  });

  it('gives code that takes the rdsr model a procedure whose birth date and name are unknown (null)', () => {
    const procedure = procedureOf(studyParsedV2Of(v1Message()));
    expect(procedure.patient).toMatchObject({ birthDate: null, name: null, ageYears: { value: 76 } });
  });
});
