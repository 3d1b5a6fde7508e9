import { generateRdsr, procedureSpec, rdsrDataset, writePart10 } from '@kerma/testing';
import type { Patient } from '../model/procedure';
import { parseDoseReport } from '../parse-dose-report';

const BIRTH_DATE = '19500304';

/** A generated report (Study, Series and Content Date 2024-03-20) with the header attributes given. */
function read(header: Readonly<Record<string, string>>): { patient: Patient; warnings: readonly string[] } {
  const spec = procedureSpec({ seed: 21, events: 2, study: { date: '20240320' }, patient: { birthDate: null } });
  const outcome = parseDoseReport(writePart10({ ...rdsrDataset(spec), ...header }));
  if (!outcome.ok) throw new Error(outcome.error.message);
  return { patient: outcome.procedure.patient, warnings: outcome.procedure.warnings };
}

const ageWarnings = (warnings: readonly string[]) => warnings.filter((w) => /\bage(Years)?\b/.test(w));

describe('readPatient: age at the study', () => {
  it("derives it from Patient's Birth Date and the Study Date when the report gives no Patient Age, and says so", () => {
    const { patient, warnings } = read({ PatientBirthDate: BIRTH_DATE });
    expect(patient.ageYears).toEqual({ value: 74, provenance: 'derived', note: "from Patient's Birth Date and Study Date: 074Y" });
    expect(patient.birthDate).toBe('1950-03-04');
    expect(ageWarnings(warnings)).toEqual([]);
  });

  it('is 18 on the 18th birthday and 17 the day before, so an age-group rule splits there', () => {
    expect(read({ PatientBirthDate: '20060320' }).patient.ageYears?.value).toBe(18);
    expect(read({ PatientBirthDate: '20060321' }).patient.ageYears?.value).toBe(17);
  });

  it('gives an infant the value Patient Age in months or days would give, with the AS form in the note', () => {
    expect(read({ PatientBirthDate: '20230920' }).patient.ageYears).toEqual({
      value: 0.5,
      provenance: 'derived',
      note: "from Patient's Birth Date and Study Date: 006M",
    });
    expect(read({ PatientAge: '006M' }).patient.ageYears).toEqual({ value: 0.5, provenance: 'converted', note: 'from 006M' });
    const days = read({ PatientBirthDate: '20240310' }).patient.ageYears;
    expect(days).toEqual({
      value: read({ PatientAge: '010D' }).patient.ageYears?.value,
      provenance: 'derived',
      note: "from Patient's Birth Date and Study Date: 010D",
    });
    expect(days?.value).toBeCloseTo(10 / 365.25, 12);
  });

  it('counts a 29 February birthday on 1 March in a common year', () => {
    const feb28 = procedureSpec({ seed: 21, events: 2, study: { date: '20230228' }, patient: { birthDate: '20000229' } });
    const mar1 = procedureSpec({ seed: 21, events: 2, study: { date: '20230301' }, patient: { birthDate: '20000229' } });
    const ageOf = (bytes: Uint8Array) => {
      const outcome = parseDoseReport(bytes);
      return outcome.ok ? outcome.procedure.patient.ageYears?.value : outcome.error.message;
    };
    expect(ageOf(generateRdsr(feb28))).toBe(22);
    expect(ageOf(generateRdsr(mar1))).toBe(23);
  });

  it('takes the Series Date, else the Content Date, when the Study Date is empty, and names the one used', () => {
    expect(read({ PatientBirthDate: BIRTH_DATE, StudyDate: '' }).patient.ageYears).toEqual({
      value: 74,
      provenance: 'derived',
      note: "from Patient's Birth Date and Series Date: 074Y",
    });
    expect(read({ PatientBirthDate: BIRTH_DATE, StudyDate: '', SeriesDate: '', ContentDate: '20240303' }).patient.ageYears).toEqual({
      value: 73,
      provenance: 'derived',
      note: "from Patient's Birth Date and Content Date: 073Y",
    });
  });

  it('is unknown, with the reason, when no study, series or content date is complete', () => {
    const { patient, warnings } = read({ PatientBirthDate: BIRTH_DATE, StudyDate: '2024', SeriesDate: '', ContentDate: '' });
    expect(patient.ageYears).toBeNull();
    expect(ageWarnings(warnings)).toEqual([
      "no complete Study, Series or Content Date to compute the age at the study from the patient's birth date; the age is unknown",
    ]);
  });

  it('is unknown, with the reason, when the birth date is after the study date', () => {
    const { patient, warnings } = read({ PatientBirthDate: '20240321' });
    expect(patient.ageYears).toBeNull();
    expect(ageWarnings(warnings)).toEqual(["patient's birth date is after the Study Date; the age at the study is unknown"]);
  });

  it.each(['1950', '195003', '19500000'])('is unknown, with the reason, for the partial birth date %p', (birthDate) => {
    const { patient, warnings } = read({ PatientBirthDate: birthDate });
    expect(patient.ageYears).toBeNull();
    expect(ageWarnings(warnings)).toEqual(["patient's birth date is not a complete date (YYYYMMDD); the age at the study is unknown"]);
  });

  it('treats a derived age over 130 years as missing, as it does a read one', () => {
    const { patient, warnings } = read({ PatientBirthDate: '18800101' });
    expect(patient.ageYears).toBeNull();
    expect(ageWarnings(warnings)).toEqual(['patient ageYears 144 is outside 0–130; treated as missing']);
  });

  it('never writes the birth date into a warning', () => {
    const headers: Readonly<Record<string, string>>[] = [
      { PatientBirthDate: '20240321' },
      { PatientBirthDate: '195003' },
      { PatientBirthDate: BIRTH_DATE, StudyDate: '', SeriesDate: '', ContentDate: '' },
    ];
    for (const header of headers) {
      const { warnings } = read(header);
      expect(ageWarnings(warnings)).toHaveLength(1);
      expect(warnings.join('\n')).not.toMatch(/1950|2024-?03-?21/);
    }
  });

  it('keeps Patient Age when the report gives it, birth date or not', () => {
    expect(read({ PatientBirthDate: BIRTH_DATE, PatientAge: '045Y' }).patient.ageYears).toEqual({ value: 45, provenance: 'read' });
  });

  it('derives it when Patient Age is not in AS form, after saying so', () => {
    const { patient, warnings } = read({ PatientBirthDate: BIRTH_DATE, PatientAge: '74' });
    expect(patient.ageYears).toMatchObject({ value: 74, provenance: 'derived' });
    expect(ageWarnings(warnings)).toEqual(['patient age is not in DICOM AS form; treated as missing']);
  });

  it('leaves the age unknown without a birth date or Patient Age (never 0), with no warning', () => {
    const { patient, warnings } = read({});
    expect(patient.ageYears).toBeNull();
    expect(ageWarnings(warnings)).toEqual([]);
  });
});
