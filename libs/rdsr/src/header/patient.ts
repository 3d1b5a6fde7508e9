import type { DicomDocument } from '../dicom/dataset';
import { Tag } from '../dicom/tags';
import { getDecimal, getText } from '../dicom/values';
import type { Patient, PatientSex, Quantity } from '../model/procedure';
import { isoDate } from '../sr/dicom-datetime';
import { ageAt, calendarDate, formatAge, type AgeString, type CalendarDate } from './age-at-study';

/** Patient module (0010,xxxx). Implausible anthropometrics are missing, with a warning, never kept as 0. */

const PLAUSIBLE = {
  sizeM: { min: 0.3, max: 2.5 },
  weightKg: { min: 0.3, max: 400 },
  ageYears: { min: 0, max: 130 },
} as const;

const SEXES: Readonly<Record<string, PatientSex>> = { M: 'M', F: 'F', O: 'O' };

/** Patient Age (AS): nnnD, nnnW, nnnM or nnnY. */
const AGE_UNITS_IN_YEARS: Readonly<Record<AgeString['unit'], number>> = { D: 1 / 365.25, W: 7 / 365.25, M: 1 / 12, Y: 1 };

function plausible(name: keyof typeof PLAUSIBLE, value: number | null, warnings: string[]): Quantity | null {
  if (value === null) return null;
  const { min, max } = PLAUSIBLE[name];
  if (value < min || value > max) {
    warnings.push(`patient ${name} ${value} is outside ${min}–${max}; treated as missing`);
    return null;
  }
  return { value, provenance: 'read' };
}

function ageInYears(age: AgeString, warnings: string[]): Quantity | null {
  return plausible('ageYears', age.count * AGE_UNITS_IN_YEARS[age.unit], warnings);
}

function readAge(doc: DicomDocument, warnings: string[]): Quantity | null {
  const text = getText(doc, doc.root, Tag.PatientAge);
  if (text === null) return null;
  const m = /^(\d{3})([DWMY])$/.exec(text);
  if (!m) {
    warnings.push('patient age is not in DICOM AS form; treated as missing');
    return null;
  }
  const unit = m[2] as AgeString['unit'];
  const q = ageInYears({ count: Number(m[1]), unit }, warnings);
  return q && unit !== 'Y' ? { ...q, provenance: 'converted', note: `from ${text}` } : q;
}

/**
 * The date the age is computed at: the Study Date, else (a report that leaves it empty) the Series Date, else
 * the Content Date, which an SR document always has; the note names the one used.
 */
const AGE_REFERENCE_DATES = [
  { tag: Tag.StudyDate, name: 'Study Date' },
  { tag: Tag.SeriesDate, name: 'Series Date' },
  { tag: Tag.ContentDate, name: 'Content Date' },
] as const;

function ageReferenceDate(doc: DicomDocument): { readonly date: CalendarDate; readonly name: string } | null {
  for (const { tag, name } of AGE_REFERENCE_DATES) {
    const text = getText(doc, doc.root, tag);
    const date = text === null ? null : calendarDate(text);
    if (date !== null) return { date, name };
  }
  return null;
}

/**
 * Age at the study from Patient's Birth Date, when the report gives no usable Patient Age (many do not): the
 * alert rules' age groups need it, and the birth date itself is not carried past the parser. Warnings name
 * the attributes, never the dates.
 */
function ageFromBirthDate(doc: DicomDocument, warnings: string[]): Quantity | null {
  const text = getText(doc, doc.root, Tag.PatientBirthDate);
  if (text === null) return null;
  const born = calendarDate(text);
  if (born === null) {
    warnings.push("patient's birth date is not a complete date (YYYYMMDD); the age at the study is unknown");
    return null;
  }
  const reference = ageReferenceDate(doc);
  if (reference === null) {
    warnings.push("no complete Study, Series or Content Date to compute the age at the study from the patient's birth date; the age is unknown");
    return null;
  }
  const age = ageAt(born, reference.date);
  if (age === null) {
    warnings.push(`patient's birth date is after the ${reference.name}; the age at the study is unknown`);
    return null;
  }
  const q = ageInYears(age, warnings);
  return q && { ...q, provenance: 'derived', note: `from Patient's Birth Date and ${reference.name}: ${formatAge(age)}` };
}

export function readPatient(doc: DicomDocument, warnings: string[]): Patient {
  return {
    id: getText(doc, doc.root, Tag.PatientId),
    issuerOfId: getText(doc, doc.root, Tag.IssuerOfPatientId),
    name: getText(doc, doc.root, Tag.PatientName),
    sex: SEXES[getText(doc, doc.root, Tag.PatientSex) ?? ''] ?? null,
    birthDate: isoDate(getText(doc, doc.root, Tag.PatientBirthDate)),
    ageYears: readAge(doc, warnings) ?? ageFromBirthDate(doc, warnings),
    sizeM: plausible('sizeM', getDecimal(doc, doc.root, Tag.PatientSize), warnings),
    weightKg: plausible('weightKg', getDecimal(doc, doc.root, Tag.PatientWeight), warnings),
  };
}
