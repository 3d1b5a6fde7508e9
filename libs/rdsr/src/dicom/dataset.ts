/**
 * The result of reading a DICOM byte stream: element positions only. Values are decoded on demand
 * (see values.ts), so reading costs one pass over the bytes and nothing is decoded that no one asks for.
 */

/** The bytes an element's offset refers to, and how to read numbers and text from them. */
export interface ByteSource {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly littleEndian: boolean;
  /** Decoder for the Specific Character Set (0008,0005) of the dataset the bytes belong to. */
  readonly text: TextCodec;
}

export interface DicomElement {
  readonly tag: number;
  readonly vr: string;
  /** Offset of the value in `source.bytes`. */
  readonly offset: number;
  /** Value length in bytes (for sequences of undefined length: the bytes up to the delimiter). */
  readonly length: number;
  /** Items of a sequence; null for any other element. */
  readonly items: readonly DicomDataset[] | null;
}

export interface DicomDataset {
  readonly source: ByteSource;
  /** In stream order. Datasets of an SR are small (a handful of elements), so a scan beats a map. */
  readonly elements: readonly DicomElement[];
}

export function findElement(ds: DicomDataset, tag: number): DicomElement | undefined {
  const els = ds.elements;
  for (let i = 0; i < els.length; i++) {
    if (els[i]!.tag === tag) return els[i];
  }
  return undefined;
}

export interface TextCodec {
  decode(bytes: Uint8Array, start: number, end: number): string;
}

export interface ParsedDicom {
  /** File meta information (group 0002); null for a raw dataset without one. */
  readonly meta: DicomDataset | null;
  readonly dataset: DicomDataset;
  readonly transferSyntaxUid: string | null;
  /** True when the file had the 128-byte preamble and the DICM prefix. */
  readonly hasPreamble: boolean;
}
