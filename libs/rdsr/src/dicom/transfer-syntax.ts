export const TransferSyntax = {
  ImplicitLittle: '1.2.840.10008.1.2',
  ExplicitLittle: '1.2.840.10008.1.2.1',
  DeflatedExplicitLittle: '1.2.840.10008.1.2.1.99',
  ExplicitBig: '1.2.840.10008.1.2.2',
} as const;

export interface DatasetEncoding {
  readonly explicit: boolean;
  readonly littleEndian: boolean;
  readonly deflated: boolean;
}

const ENCODINGS: Readonly<Record<string, DatasetEncoding>> = {
  [TransferSyntax.ImplicitLittle]: { explicit: false, littleEndian: true, deflated: false },
  [TransferSyntax.ExplicitLittle]: { explicit: true, littleEndian: true, deflated: false },
  [TransferSyntax.DeflatedExplicitLittle]: { explicit: true, littleEndian: true, deflated: true },
  [TransferSyntax.ExplicitBig]: { explicit: true, littleEndian: false, deflated: false },
};

/**
 * How the dataset after the file meta is encoded. Every other transfer syntax (JPEG, RLE, …) only
 * compresses pixel data and encodes the dataset itself as explicit VR little endian.
 */
export function encodingOf(transferSyntaxUid: string): DatasetEncoding {
  return ENCODINGS[transferSyntaxUid] ?? ENCODINGS[TransferSyntax.ExplicitLittle]!;
}
