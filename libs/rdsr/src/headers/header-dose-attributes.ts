import type { DicomDocument } from '../dicom/dataset';
import { Tag } from '../dicom/tags';
import { getBinaryNumber, getDecimal } from '../dicom/values';

/**
 * The dose attributes of an image header, each with the unit DICOM defines for it. An image is a dose
 * object only when it carries at least one of them; the others (kVp, mA, distances, …) describe an
 * exposure but measure no dose.
 */
export const HEADER_DOSE_ATTRIBUTES = [
  { tag: Tag.ImageAndFluoroscopyAreaDoseProduct, name: 'Image and Fluoroscopy Area Dose Product (0018,115E)' },
  { tag: Tag.EntranceDoseInmGy, name: 'Entrance Dose in mGy (0040,8302)' },
  { tag: Tag.EntranceDose, name: 'Entrance Dose (0040,0302)' },
  { tag: Tag.OrganDose, name: 'Organ Dose (0040,0316)' },
  { tag: Tag.Exposure, name: 'Exposure (0018,1152)' },
  { tag: Tag.ExposureInuAs, name: 'Exposure in µAs (0018,1153)' },
] as const;

/** A numeric header value whether written as text (DS, IS) or binary (US, as Entrance Dose is). */
export function headerNumber(doc: DicomDocument, tag: number): number | null {
  return getDecimal(doc, doc.root, tag) ?? getBinaryNumber(doc, doc.root, tag);
}

export function hasHeaderDose(doc: DicomDocument): boolean {
  return HEADER_DOSE_ATTRIBUTES.some((a) => headerNumber(doc, a.tag) !== null);
}

/** For a refusal: which attributes were looked for and found empty or absent. */
export function missingHeaderDoseMessage(): string {
  return `the image header carries none of the dose attributes ${HEADER_DOSE_ATTRIBUTES.map((a) => a.name).join(', ')}`;
}
