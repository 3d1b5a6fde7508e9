import type { DicomDocument } from '../dicom/dataset';
import { Tag } from '../dicom/tags';
import { getDecimal } from '../dicom/values';
import type { HeaderPatientSize } from '../templates/tid10011-ct';

/** Measured Lateral / AP Dimension (0010,1024 / 0010,1023), in mm; a value of 0 or less is not a size. */
export function readHeaderPatientSize(doc: DicomDocument): HeaderPatientSize {
  const mm = (tag: number, name: string) => {
    const value = getDecimal(doc, doc.root, tag);
    return value !== null && value > 0 ? { value, provenance: 'read' as const, note: name } : null;
  };
  return {
    lateralDimensionMm: mm(Tag.MeasuredLateralDimension, 'Measured Lateral Dimension (0010,1024)'),
    apDimensionMm: mm(Tag.MeasuredApDimension, 'Measured AP Dimension (0010,1023)'),
  };
}
