import { deterministicUid } from './seeded-random';
import { writePart10 } from './dicom/part10';
import { CONCEPT } from './sr/codes';
import { codeItem, text } from './sr/content-items';

export type NonDoseDicomKind = 'ct-image' | 'basic-text-sr';

const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
const BASIC_TEXT_SR_STORAGE = '1.2.840.10008.5.1.4.1.1.88.11';
const IMAGE_SIDE = 8;

/** A valid DICOM object that is not a dose report, for "reject what is not a dose report" tests. */
/** `sopClassUid` relabels the object (a modality or router that writes the wrong SOP Class UID). */
export function generateNonDoseDicom(kind: NonDoseDicomKind, seed = 1, sopClassUid?: string): Uint8Array {
  const common = {
    SpecificCharacterSet: 'ISO_IR 192',
    SOPInstanceUID: deterministicUid(seed, `${kind}-instance`),
    StudyInstanceUID: deterministicUid(seed, `${kind}-study`),
    SeriesInstanceUID: deterministicUid(seed, `${kind}-series`),
    StudyDate: '20240301',
    StudyTime: '101500',
    AccessionNumber: 'ACC-NONDOSE',
    ReferringPhysicianName: [],
    PatientName: [{ Alphabetic: 'Test^NonDose' }],
    PatientID: 'PAT-NONDOSE',
    PatientBirthDate: '19700101',
    PatientSex: 'O',
    StudyID: '1',
    SeriesNumber: 1,
    InstanceNumber: 1,
    Manufacturer: 'Kerma Test Systems',
  };
  const content = kind === 'ct-image' ? ctImage() : basicTextSr();
  return writePart10({ ...common, ...content, ...(sopClassUid ? { SOPClassUID: sopClassUid } : {}) });
}

function ctImage(): Record<string, unknown> {
  const pixels = new Uint16Array(IMAGE_SIDE * IMAGE_SIDE).map((_, index) => (index * 37) % 4096);
  return {
    SOPClassUID: CT_IMAGE_STORAGE,
    Modality: 'CT',
    ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
    FrameOfReferenceUID: '2.25.1',
    ImagePositionPatient: ['0', '0', '0'],
    ImageOrientationPatient: ['1', '0', '0', '0', '1', '0'],
    PixelSpacing: ['0.5', '0.5'],
    SliceThickness: '1',
    KVP: '120',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: IMAGE_SIDE,
    Columns: IMAGE_SIDE,
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    RescaleIntercept: '-1024',
    RescaleSlope: '1',
    PixelData: pixels.buffer,
    _vrMap: { PixelData: 'OW' },
  };
}

function basicTextSr(): Record<string, unknown> {
  return {
    SOPClassUID: BASIC_TEXT_SR_STORAGE,
    Modality: 'SR',
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [codeItem({ value: '11528-7', scheme: 'LN', meaning: 'Radiology Report' })],
    ContinuityOfContent: 'SEPARATE',
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    ReferencedPerformedProcedureStepSequence: [],
    PerformedProcedureCodeSequence: [],
    ContentSequence: [text('CONTAINS', { ...CONCEPT.comment, value: '121071', meaning: 'Finding' }, 'No abnormality detected.')],
  };
}
