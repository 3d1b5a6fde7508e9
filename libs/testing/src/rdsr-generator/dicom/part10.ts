import type { NaturalDataset } from './dcmjs';
import { DicomEncodingError, encodeDataset } from './explicit-vr-le-encoder';

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** Implementation Class UID of this generator (a fixed 2.25 UID so that output bytes are reproducible). */
export const IMPLEMENTATION_CLASS_UID = '2.25.228181452170153920785316742536951212381';
export const IMPLEMENTATION_VERSION_NAME = 'KERMA_TESTGEN_1';

const PREAMBLE_BYTES = 128;

/** Part-10 bytes: 128-byte preamble, "DICM", File Meta (Explicit VR Little Endian), then the dataset. */
export function writePart10(dataset: NaturalDataset): Uint8Array {
  const sopClassUid = dataset['SOPClassUID'];
  const sopInstanceUid = dataset['SOPInstanceUID'];
  if (typeof sopClassUid !== 'string') throw new DicomEncodingError('SOPClassUID', 'a Part-10 dataset needs it');
  if (typeof sopInstanceUid !== 'string') throw new DicomEncodingError('SOPInstanceUID', 'a Part-10 dataset needs it');
  const metaElements = encodeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sopClassUid,
    MediaStorageSOPInstanceUID: sopInstanceUid,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION_NAME,
  });
  const groupLength = encodeDataset({ FileMetaInformationGroupLength: metaElements.length });
  const bytes = Buffer.concat([Buffer.alloc(PREAMBLE_BYTES), Buffer.from('DICM', 'latin1'), groupLength, metaElements, encodeDataset(dataset)]);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
