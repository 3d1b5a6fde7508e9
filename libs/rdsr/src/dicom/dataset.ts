/**
 * The result of reading a DICOM byte stream: a flat index of element positions in typed arrays
 * (no object per element), and values decoded on demand (see values.ts). A dataset — the root or
 * a sequence item — is a number: the id of its item in the index.
 */

export interface TextCodec {
  decode(bytes: Uint8Array, start: number, end: number): string;
}

/** The bytes element offsets refer to, and how to read numbers and text from them. */
export interface ByteSource {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly littleEndian: boolean;
  /** Decoder for the Specific Character Set (0008,0005) of the dataset. */
  readonly text: TextCodec;
}

/** Id of a dataset (root or sequence item) in an ElementIndex. */
export type DatasetId = number;
/** Id of an element in an ElementIndex. */
export type ElementId = number;

export const NONE = -1;

/**
 * Elements in stream order. Each element links to the next element of its dataset; a sequence
 * links to its first item; each item links to its first element and to the next item.
 */
export class ElementIndex {
  elementCount = 0;
  itemCount = 0;
  /**
   * True when some sequence is read in another VR encoding than the document (implicit VR inside
   * UN). Equal item bytes then no longer mean equal elements, so byte-keyed caches must not be used.
   */
  mixedEncodings = false;
  tag: Uint32Array;
  vr: Uint16Array;
  offset: Int32Array;
  length: Int32Array;
  nextElement: Int32Array;
  firstItem: Int32Array;
  itemFirstElement: Int32Array;
  nextItem: Int32Array;
  /** Byte range of each item's dataset (after the item header, delimiter included when there is one). */
  itemStart: Int32Array;
  itemEnd: Int32Array;

  constructor(expectedElements: number) {
    const n = Math.max(16, expectedElements);
    this.tag = new Uint32Array(n);
    this.vr = new Uint16Array(n);
    this.offset = new Int32Array(n);
    this.length = new Int32Array(n);
    this.nextElement = new Int32Array(n);
    this.firstItem = new Int32Array(n);
    const m = Math.max(16, n >> 1);
    this.itemFirstElement = new Int32Array(m);
    this.nextItem = new Int32Array(m);
    this.itemStart = new Int32Array(m);
    this.itemEnd = new Int32Array(m);
  }

  addElement(tag: number, vr: number, offset: number, length: number): ElementId {
    if (this.elementCount === this.tag.length) this.growElements();
    const id = this.elementCount++;
    this.tag[id] = tag;
    this.vr[id] = vr;
    this.offset[id] = offset;
    this.length[id] = length;
    this.nextElement[id] = NONE;
    this.firstItem[id] = NONE;
    return id;
  }

  addItem(): DatasetId {
    if (this.itemCount === this.itemFirstElement.length) this.growItems();
    const id = this.itemCount++;
    this.itemFirstElement[id] = NONE;
    this.nextItem[id] = NONE;
    this.itemStart[id] = 0;
    this.itemEnd[id] = 0;
    return id;
  }

  private growElements(): void {
    const n = this.tag.length * 2;
    this.tag = grow(this.tag, new Uint32Array(n));
    this.vr = grow(this.vr, new Uint16Array(n));
    this.offset = grow(this.offset, new Int32Array(n));
    this.length = grow(this.length, new Int32Array(n));
    this.nextElement = grow(this.nextElement, new Int32Array(n));
    this.firstItem = grow(this.firstItem, new Int32Array(n));
  }

  private growItems(): void {
    const n = this.itemFirstElement.length * 2;
    this.itemFirstElement = grow(this.itemFirstElement, new Int32Array(n));
    this.nextItem = grow(this.nextItem, new Int32Array(n));
    this.itemStart = grow(this.itemStart, new Int32Array(n));
    this.itemEnd = grow(this.itemEnd, new Int32Array(n));
  }
}

function grow<T extends Uint32Array | Uint16Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** One encoded dataset: its bytes, its element index and the id of its top-level dataset. */
export interface DicomDocument {
  readonly source: ByteSource;
  readonly index: ElementIndex;
  readonly root: DatasetId;
}

export interface ParsedDicom {
  /** File meta information (group 0002); null for a raw dataset without one. */
  readonly meta: DicomDocument | null;
  readonly dataset: DicomDocument;
  readonly transferSyntaxUid: string | null;
  /** True when the file had the 128-byte preamble and the DICM prefix. */
  readonly hasPreamble: boolean;
}

export function vrCode(vr: string): number {
  return (vr.charCodeAt(0) << 8) | vr.charCodeAt(1);
}

export function vrName(code: number): string {
  return String.fromCharCode(code >> 8, code & 0xff);
}

export function findElement(doc: DicomDocument, ds: DatasetId, tag: number): ElementId {
  const index = doc.index;
  for (let e = index.itemFirstElement[ds]!; e !== NONE; e = index.nextElement[e]!) {
    if (index.tag[e] === tag) return e;
  }
  return NONE;
}

/** The items of a sequence element (empty for any other element). */
export function itemsOf(doc: DicomDocument, el: ElementId): DatasetId[] {
  const out: DatasetId[] = [];
  if (el === NONE) return out;
  for (let i = doc.index.firstItem[el]!; i !== NONE; i = doc.index.nextItem[i]!) out.push(i);
  return out;
}
