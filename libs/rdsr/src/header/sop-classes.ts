import type { SopClassKind } from '../model/procedure';

/** SOP classes that can carry a dose report, and how the model names them. */
export const DOSE_REPORT_SOP_CLASSES: Readonly<Record<string, SopClassKind>> = {
  '1.2.840.10008.5.1.4.1.1.88.67': 'xray-rdsr',
  '1.2.840.10008.5.1.4.1.1.88.76': 'enhanced-xray-rdsr',
  '1.2.840.10008.5.1.4.1.1.88.22': 'enhanced-sr',
  '1.2.840.10008.5.1.4.1.1.88.33': 'comprehensive-sr',
  '1.2.840.10008.5.1.4.1.1.88.68': 'radiopharmaceutical-rdsr',
};

/**
 * Image storage classes whose header can carry dose attributes (DX, CR, PX, MG, RF, XA): accepted only
 * when the header has at least one (see headers/header-dose-attributes.ts).
 */
export const IMAGE_SOP_CLASSES: ReadonlySet<string> = new Set([
  '1.2.840.10008.5.1.4.1.1.1', // CR
  '1.2.840.10008.5.1.4.1.1.1.1', // DX for presentation
  '1.2.840.10008.5.1.4.1.1.1.1.1', // DX for processing
  '1.2.840.10008.5.1.4.1.1.1.2', // MG for presentation
  '1.2.840.10008.5.1.4.1.1.1.2.1', // MG for processing
  '1.2.840.10008.5.1.4.1.1.1.3', // intra-oral (PX) for presentation
  '1.2.840.10008.5.1.4.1.1.1.3.1', // intra-oral (PX) for processing
  '1.2.840.10008.5.1.4.1.1.12.1', // XA
  '1.2.840.10008.5.1.4.1.1.12.2', // RF
]);

export const SECONDARY_CAPTURE_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.7';

/** Generic SR classes carry a dose report only when their root concept is one (checked on the content). */
export const GENERIC_SR_KINDS: ReadonlySet<SopClassKind> = new Set(['enhanced-sr', 'comprehensive-sr']);

/** Names for messages and for identifying objects that are not dose reports. */
export const SOP_CLASS_NAMES: Readonly<Record<string, string>> = {
  '1.2.840.10008.5.1.4.1.1.88.67': 'X-Ray Radiation Dose SR Storage',
  '1.2.840.10008.5.1.4.1.1.88.76': 'Enhanced X-Ray Radiation Dose SR Storage',
  '1.2.840.10008.5.1.4.1.1.88.22': 'Enhanced SR Storage',
  '1.2.840.10008.5.1.4.1.1.88.33': 'Comprehensive SR Storage',
  '1.2.840.10008.5.1.4.1.1.88.34': 'Comprehensive 3D SR Storage',
  '1.2.840.10008.5.1.4.1.1.88.11': 'Basic Text SR Storage',
  '1.2.840.10008.5.1.4.1.1.88.59': 'Key Object Selection Document Storage',
  '1.2.840.10008.5.1.4.1.1.88.68': 'Radiopharmaceutical Radiation Dose SR Storage',
  '1.2.840.10008.5.1.4.1.1.88.73': 'Patient Radiation Dose SR Storage',
  '1.2.840.10008.5.1.4.1.1.88.74': 'Planned Imaging Agent Administration SR Storage',
  '1.2.840.10008.5.1.4.1.1.88.75': 'Performed Imaging Agent Administration SR Storage',
  '1.2.840.10008.5.1.4.1.1.1': 'Computed Radiography Image Storage',
  '1.2.840.10008.5.1.4.1.1.1.1': 'Digital X-Ray Image Storage - For Presentation',
  '1.2.840.10008.5.1.4.1.1.1.1.1': 'Digital X-Ray Image Storage - For Processing',
  '1.2.840.10008.5.1.4.1.1.1.2': 'Digital Mammography X-Ray Image Storage - For Presentation',
  '1.2.840.10008.5.1.4.1.1.1.2.1': 'Digital Mammography X-Ray Image Storage - For Processing',
  '1.2.840.10008.5.1.4.1.1.1.3': 'Digital Intra-Oral X-Ray Image Storage - For Presentation',
  '1.2.840.10008.5.1.4.1.1.1.3.1': 'Digital Intra-Oral X-Ray Image Storage - For Processing',
  '1.2.840.10008.5.1.4.1.1.2': 'CT Image Storage',
  '1.2.840.10008.5.1.4.1.1.2.1': 'Enhanced CT Image Storage',
  '1.2.840.10008.5.1.4.1.1.4': 'MR Image Storage',
  '1.2.840.10008.5.1.4.1.1.6.1': 'Ultrasound Image Storage',
  '1.2.840.10008.5.1.4.1.1.7': 'Secondary Capture Image Storage',
  '1.2.840.10008.5.1.4.1.1.12.1': 'X-Ray Angiographic Image Storage',
  '1.2.840.10008.5.1.4.1.1.12.1.1': 'Enhanced XA Image Storage',
  '1.2.840.10008.5.1.4.1.1.12.2': 'X-Ray Radiofluoroscopic Image Storage',
  '1.2.840.10008.5.1.4.1.1.13.1.3': 'Breast Tomosynthesis Image Storage',
  '1.2.840.10008.5.1.4.1.1.20': 'Nuclear Medicine Image Storage',
  '1.2.840.10008.5.1.4.1.1.104.1': 'Encapsulated PDF Storage',
  '1.2.840.10008.5.1.4.1.1.128': 'Positron Emission Tomography Image Storage',
  '1.2.840.10008.5.1.4.1.1.481.2': 'RT Dose Storage',
  '1.2.840.10008.3.1.2.3.3': 'Modality Performed Procedure Step SOP Class',
};

export function sopClassName(uid: string): string {
  return SOP_CLASS_NAMES[uid] ?? uid;
}
