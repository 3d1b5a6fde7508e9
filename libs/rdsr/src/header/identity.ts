import type { ParsedDicom } from '../dicom/dataset';
import { Tag } from '../dicom/tags';
import { getText } from '../dicom/values';
import { RdsrParseError } from '../model/errors';
import type { DicomIdentity } from '../api';
import type { SopClassKind } from '../model/procedure';
import { DOSE_REPORT_SOP_CLASSES, IMAGE_SOP_CLASSES, SECONDARY_CAPTURE_SOP_CLASS, sopClassName } from './sop-classes';

/** The public identity, with the SOP class kind instead of the dose-report verdict (which needs the SR root). */
export type HeaderIdentity = Omit<DicomIdentity, 'isDoseReport'> & { readonly sopClassKind: SopClassKind | null };

/** SOP Class and Instance UID may also be in the file meta (0002,0002/0003) when the dataset lacks them. */
const MEDIA_STORAGE_SOP_CLASS_UID = 0x00020002;
const MEDIA_STORAGE_SOP_INSTANCE_UID = 0x00020003;

export function readHeaderIdentity(parsed: ParsedDicom): HeaderIdentity {
  const doc = parsed.dataset;
  const ds = doc.root;
  const meta = parsed.meta;
  const sopClassUid = getText(doc, ds, Tag.SopClassUid) ?? (meta ? getText(meta, meta.root, MEDIA_STORAGE_SOP_CLASS_UID) : null);
  const sopInstanceUid = getText(doc, ds, Tag.SopInstanceUid) ?? (meta ? getText(meta, meta.root, MEDIA_STORAGE_SOP_INSTANCE_UID) : null);
  if (sopClassUid === null || sopInstanceUid === null) {
    throw new RdsrParseError({ code: 'malformed', message: 'the object has no SOP Class UID or SOP Instance UID' });
  }
  return {
    sopClassUid,
    sopInstanceUid,
    studyInstanceUid: getText(doc, ds, Tag.StudyInstanceUid),
    seriesInstanceUid: getText(doc, ds, Tag.SeriesInstanceUid),
    modality: getText(doc, ds, Tag.Modality),
    patientId: getText(doc, ds, Tag.PatientId),
    issuerOfPatientId: getText(doc, ds, Tag.IssuerOfPatientId),
    transferSyntaxUid: parsed.transferSyntaxUid,
    sopClassKind: sopClassKindOf(sopClassUid),
    sopClassName: sopClassName(sopClassUid),
  };
}

export function describeObject(identity: HeaderIdentity, rootConcept?: string): string {
  const parts = [identity.sopClassName];
  if (identity.modality !== null) parts.push(`modality ${identity.modality}`);
  if (rootConcept) parts.push(`root concept ${rootConcept}`);
  return parts.join(', ');
}

function sopClassKindOf(uid: string): SopClassKind | null {
  if (IMAGE_SOP_CLASSES.has(uid)) return 'image';
  if (uid === SECONDARY_CAPTURE_SOP_CLASS) return 'secondary-capture';
  return DOSE_REPORT_SOP_CLASSES[uid] ?? null;
}
