import { generateRdsr, procedureSpec } from '@kerma/testing';
import { studyParsedV1 } from '../../test/messages';
import { ContractViolationError } from '../contract';
import { patientIdDigest } from '../common/patient-key';
import { PatientIdentityV1 } from '../patient-identity/patient-identity.v1';
import { StudyParsedV1 } from './study-parsed.v1';
import { patientIdentityOf, procedureOf, StudyParsedV2, studyParsedV2Of } from './study-parsed.v2';

/** A v1 message as parsers before v2 wrote it: the procedure names the patient and gives the birth date. */
function v1Message(): StudyParsedV1 {
  const v1 = studyParsedV1(generateRdsr(procedureSpec({ seed: 82, events: 2 })));
  const patient = { ...v1.procedure.patient, id: 'P1', issuerOfId: 'HOSP', birthDate: '1950-03-04', ageYears: { value: 76, provenance: 'read' as const } };
  return StudyParsedV1.parse({ ...v1, procedure: { ...v1.procedure, patient } }) as StudyParsedV1;
}

describe('study.parsed v2: the patient by key only, no id, issuer, birth date or name', () => {
  it('is its own topic beside v1', () => {
    expect(StudyParsedV2.topic).toBe('kerma.study.parsed.v2');
    expect(StudyParsedV1.topic).toBe('kerma.study.parsed.v1');
  });

  it('reads a v1 message as v2: id, issuer, birth date and name left out, the key, id digest, age and the rest kept', () => {
    const v1 = v1Message();
    const v2 = StudyParsedV2.parse(JSON.parse(JSON.stringify(studyParsedV2Of(v1))));
    for (const field of ['id', 'issuerOfId', 'birthDate', 'name']) expect(v2.procedure.patient).not.toHaveProperty(field);
    const wire = JSON.stringify(v2);
    for (const text of ['1950-03-04', '"P1"', 'HOSP']) expect(wire).not.toContain(text);
    expect(v2.procedure.patient.ageYears).toEqual({ value: 76, provenance: 'read' });
    expect(v2.patient).toEqual({ key: v1.patient.key, idDigest: patientIdDigest('site-a', 'P1') });
    expect(v2.patient.idDigest).toMatch(/^[0-9a-f]{64}$/);
    const { id: _i, issuerOfId: _s, birthDate: _b, name: _n, ...patient } = v1.procedure.patient;
    expect(v2.procedure).toEqual(JSON.parse(JSON.stringify({ ...v1.procedure, patient })));
  });

  it('refuses a message whose patient still carries the id or issuer', () => {
    const v2 = studyParsedV2Of(v1Message());
    expect(() => StudyParsedV2.parse({ ...v2, patient: { ...v2.patient, id: 'P1' } })).toThrow(ContractViolationError);
    expect(() => StudyParsedV2.parse({ ...v2, procedure: { ...v2.procedure, patient: { ...v2.procedure.patient, id: 'P1' } } })).toThrow(
      ContractViolationError,
    );
    expect(() => StudyParsedV2.parse({ ...v2, procedure: { ...v2.procedure, patient: { ...v2.procedure.patient, issuerOfId: 'HOSP' } } })).toThrow(
      ContractViolationError,
    );
  });

  it('reads the identity a v1 message carried as patient-identity.v1, keyed like the study', () => {
    const v1 = v1Message();
    const identity = PatientIdentityV1.parse(JSON.parse(JSON.stringify(patientIdentityOf(v1))));
    expect(PatientIdentityV1.topic).toBe('kerma.patient-identity.v1');
    expect(identity).toMatchObject({ site: 'site-a', studyInstanceUid: v1.studyInstanceUid, studyRevision: 1, patient: { id: 'P1', issuer: null } });
    expect(PatientIdentityV1.key(identity)).toBe(StudyParsedV2.key(studyParsedV2Of(v1)));
    expect(JSON.stringify(identity)).not.toContain('1950-03-04');
  });

  it('gives no id digest for a study without a patient id, and digests the bare id per site', () => {
    expect(patientIdDigest('site-a', null)).toBeNull();
    expect(patientIdDigest('site-a', '  ')).toBeNull();
    expect(patientIdDigest('site-a', ' P1 ')).toBe(patientIdDigest('site-a', 'P1'));
    expect(patientIdDigest('site-b', 'P1')).not.toBe(patientIdDigest('site-a', 'P1'));
  });

  it('refuses a message whose procedure still carries the birth date', () => {
    expect(() => StudyParsedV2.parse(v1Message())).toThrow(ContractViolationError);
  });

  it('gives code that takes the rdsr model a procedure whose birth date and name are unknown (null)', () => {
    const procedure = procedureOf(studyParsedV2Of(v1Message()));
    expect(procedure.patient).toMatchObject({ id: null, issuerOfId: null, birthDate: null, name: null, ageYears: { value: 76 } });
  });
});
