import type { DicomDocument } from '../dicom/dataset';
import { Tag } from '../dicom/tags';
import { getDecimal, getText } from '../dicom/values';
import type { Patient, PatientSex, Quantity } from '../model/procedure';
import { isoDate } from '../sr/dicom-datetime';

/** Patient module (0010,xxxx). Implausible anthropometrics are missing, with a warning, never kept as 0. */

const PLAUSIBLE = {
  sizeM: { min: 0.3, max: 2.5 },
  weightKg: { min: 0.3, max: 400 },
  ageYears: { min: 0, max: 130 },
} as const;

const SEXES: Readonly<Record<string, PatientSex>> = { M: 'M', F: 'F', O: 'O' };

/** Patient Age (AS): nnnD, nnnW, nnnM or nnnY. */
const AGE_UNITS_IN_YEARS: Readonly<Record<string, number>> = { D: 1 / 365.25, W: 7 / 365.25, M: 1 / 12, Y: 1 };

function plausible(name: keyof typeof PLAUSIBLE, value: number | null, warnings: string[]): Quantity | null {
  if (value === null) return null;
  const { min, max } = PLAUSIBLE[name];
  if (value < min || value > max) {
    warnings.push(`patient ${name} ${value} is outside ${min}–${max}; treated as missing`);
    return null;
  }
  return { value, provenance: 'read' };
}

function readAge(doc: DicomDocument, warnings: string[]): Quantity | null {
  const text = getText(doc, doc.root, Tag.PatientAge);
  if (text === null) return null;
  const m = /^(\d{3})([DWMY])$/.exec(text);
  if (!m) {
    warnings.push('patient age is not in DICOM AS form; treated as missing');
    return null;
  }
  const years = Number(m[1]) * AGE_UNITS_IN_YEARS[m[2]!]!;
  const q = plausible('ageYears', years, warnings);
  return q && m[2] !== 'Y' ? { ...q, provenance: 'converted', note: `from ${text}` } : q;
}

export function readPatient(doc: DicomDocument, warnings: string[]): Patient {
  return {
    id: getText(doc, doc.root, Tag.PatientId),
    issuerOfId: getText(doc, doc.root, Tag.IssuerOfPatientId),
    name: getText(doc, doc.root, Tag.PatientName),
    sex: SEXES[getText(doc, doc.root, Tag.PatientSex) ?? ''] ?? null,
    birthDate: isoDate(getText(doc, doc.root, Tag.PatientBirthDate)),
    ageYears: readAge(doc, warnings),
    sizeM: plausible('sizeM', getDecimal(doc, doc.root, Tag.PatientSize), warnings),
    weightKg: plausible('weightKg', getDecimal(doc, doc.root, Tag.PatientWeight), warnings),
  };
}
