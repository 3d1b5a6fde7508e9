/**
 * Part-10 bytes of a data set received over DIMSE: preamble, "DICM" and a File Meta group written
 * with dcmjs, followed by the data set bytes exactly as received (never re-encoded, so the archive
 * keeps what the modality sent).
 */

interface DcmjsMetaWriter {
  readonly data: {
    readonly DicomDict: new (meta: Record<string, unknown>) => { write(): ArrayBuffer };
    readonly DicomMetaDictionary: { denaturalizeDataset(dataset: Record<string, unknown>): Record<string, unknown> };
  };
  readonly log: { setLevel(level: string): void };
}

// dcmjs ships no type declarations; this is the slice used here.
const dcmjs: DcmjsMetaWriter = require('dcmjs');
dcmjs.log.setLevel('error');

export const IMPLEMENTATION_CLASS_UID = '2.25.92163165091368958529874694317532018957';
export const IMPLEMENTATION_VERSION_NAME = 'KERMA_INGEST_1';

export interface ReceivedHeader {
  /** Affected SOP Class / Instance UID of the C-STORE command. */
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  /** Transfer syntax accepted for the presentation context the data set came on. */
  readonly transferSyntaxUid: string;
  readonly callingAeTitle: string;
}

export function part10Of(dataset: Uint8Array, header: ReceivedHeader): Uint8Array {
  const meta = dcmjs.data.DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: header.sopClassUid,
    MediaStorageSOPInstanceUID: header.sopInstanceUid,
    TransferSyntaxUID: header.transferSyntaxUid,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION_NAME,
    SourceApplicationEntityTitle: header.callingAeTitle,
  });
  const preambleAndMeta = new Uint8Array(new dcmjs.data.DicomDict(meta).write());
  const bytes = new Uint8Array(preambleAndMeta.length + dataset.length);
  bytes.set(preambleAndMeta, 0);
  bytes.set(dataset, preambleAndMeta.length);
  return bytes;
}
