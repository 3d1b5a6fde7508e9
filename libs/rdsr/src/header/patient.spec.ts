import { generateRdsr, procedureSpec } from '@kerma/testing';
import { parseDoseReport } from '../parse-dose-report';

function patientOf(birthDate: string | null) {
  const spec = procedureSpec({ seed: 21, events: 2, patient: { birthDate } });
  const outcome = parseDoseReport(generateRdsr(spec));
  if (!outcome.ok) throw new Error(outcome.error.message);
  return { patient: outcome.procedure.patient, studyDate: spec.study.date };
}

describe('readPatient: age at the study', () => {
  it("derives the age from Patient's Birth Date and Study Date when the report gives no Patient Age, and says so", () => {
    const { patient, studyDate } = patientOf('19500304');
    const days = (Date.parse(`${studyDate.slice(0, 4)}-${studyDate.slice(4, 6)}-${studyDate.slice(6, 8)}`) - Date.parse('1950-03-04')) / 86_400_000;
    expect(patient.ageYears).toEqual({ value: days / 365.25, provenance: 'derived', note: "from Patient's Birth Date and Study Date" });
    expect(patient.ageYears!.value).toBeGreaterThan(60);
  });

  it('leaves the age unknown without a birth date (never 0)', () => {
    expect(patientOf(null).patient.ageYears).toBeNull();
  });
});
