import { inflateRawSync } from 'node:zlib';
import { RdsrParseError } from '../model/errors';
import { ElementIndex, NONE, findElement, vrCode, type ByteSource, type DatasetId, type DicomDocument, type ParsedDicom, type TextCodec } from './dataset';
import { IMPLICIT_VR, Tag, formatTag } from './tags';
import { DEFAULT_TEXT_CODEC, textCodecFor } from './text-codec';
import { TransferSyntax, encodingOf } from './transfer-syntax';

export interface ReadOptions {
  /** Deepest sequence nesting accepted; deeper input is malformed. */
  readonly maxDepth?: number;
}

export const DEFAULT_MAX_DEPTH = 64;
const UNDEFINED_LENGTH = 0xffffffff;
const PREAMBLE_LENGTH = 128;

const LONG_LENGTH_VR_NAMES = ['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV'];
const SHORT_LENGTH_VR_NAMES = ['AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FD', 'FL', 'IS', 'LO', 'LT', 'PN', 'SH', 'SL', 'SS', 'ST', 'TM', 'UI', 'UL', 'US'];
const UNKNOWN_VR = 0;
const SHORT_LENGTH_VR = 1;
/** Explicit VRs whose length field is 4 bytes (after 2 reserved bytes). */
const LONG_LENGTH_VR = 2;
/**
 * Header form of every 16-bit VR code. A lookup table instead of sets: the reader asks once per
 * element, hundreds of thousands of times in a long report.
 */
const VR_FORMS = new Uint8Array(0x10000);
for (const name of SHORT_LENGTH_VR_NAMES) VR_FORMS[vrCode(name)] = SHORT_LENGTH_VR;
for (const name of LONG_LENGTH_VR_NAMES) VR_FORMS[vrCode(name)] = LONG_LENGTH_VR;
const VR = { SQ: vrCode('SQ'), UN: vrCode('UN'), OB: vrCode('OB'), OW: vrCode('OW') } as const;
const IMPLICIT_VR_CODES = new Map([...IMPLICIT_VR].map(([tag, vr]) => [tag, vrCode(vr)]));

function fail(code: 'truncated' | 'malformed' | 'not-dicom', message: string): never {
  throw new RdsrParseError({ code, message });
}

interface MutableSource extends ByteSource {
  text: TextCodec;
}

function makeSource(bytes: Uint8Array, littleEndian: boolean): MutableSource {
  return { bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), littleEndian, text: DEFAULT_TEXT_CODEC };
}

/**
 * A bounded reader of one dataset encoding into an ElementIndex. Every length is checked against
 * the end of its container before use, nesting is capped, and each step consumes at least 8
 * bytes, so any input finishes in time linear in its size.
 */
class DatasetReader {
  private readonly view: DataView;
  private readonly bytes: Uint8Array;
  private readonly le: boolean;

  constructor(
    private readonly source: MutableSource,
    private readonly index: ElementIndex,
    private readonly explicit: boolean,
    private readonly maxDepth: number,
  ) {
    this.view = source.view;
    this.bytes = source.bytes;
    this.le = source.littleEndian;
  }

  /** Group and element in one 32-bit read; little endian puts the element in the high half. */
  private tagAt(pos: number): number {
    const word = this.view.getUint32(pos, this.le);
    return this.le ? ((word << 16) | (word >>> 16)) >>> 0 : word;
  }

  /** Checks that `count` bytes at `pos` exist and fit the container; `what` and `tag` word the error. */
  private need(pos: number, count: number, end: number, what: string, tag: number): void {
    if (pos + count <= end && pos + count <= this.bytes.length) return;
    const where = `${what} ${formatTag(tag)} (${count} bytes at byte ${pos})`;
    if (pos + count > this.bytes.length) fail('truncated', `the data ends inside ${where}`);
    fail('malformed', `${where} runs past the end of its container`);
  }

  /**
   * Reads the elements of dataset `ds` from `pos` to `end`. With `delimited`, stops after an Item
   * Delimitation Item. Returns the position after the dataset.
   */
  readDataset(ds: DatasetId, pos: number, end: number, depth: number, delimited: boolean): number {
    const index = this.index;
    let previous = NONE;
    let previousTag = 0;
    while (pos < end) {
      this.need(pos, 8, end, 'an element header after', previousTag);
      const tag = this.tagAt(pos);
      if (tag === Tag.ItemDelimitationItem) {
        if (!delimited) fail('malformed', `unexpected item delimiter at byte ${pos}`);
        return pos + 8;
      }
      if (tag === Tag.Item || tag === Tag.SequenceDelimitationItem) {
        fail('malformed', `unexpected ${formatTag(tag)} inside a dataset at byte ${pos}`);
      }
      const el = index.elementCount;
      const next = this.readElement(pos, end, depth, tag);
      if (previous === NONE) index.itemFirstElement[ds] = el;
      else index.nextElement[previous] = el;
      previous = el;
      previousTag = tag;
      if (depth === 0 && tag === Tag.SpecificCharacterSet) {
        const o = index.offset[el]!;
        this.source.text = textCodecFor(
          DEFAULT_TEXT_CODEC.decode(this.bytes, o, o + index.length[el]!)
            .replace(/\0/g, '')
            .trim(),
        );
      }
      pos = next;
    }
    if (delimited) fail(pos >= this.bytes.length ? 'truncated' : 'malformed', 'an item of undefined length has no delimiter');
    return pos;
  }

  /** Adds one element (and, for a sequence, its items) to the index; returns the position after it. */
  private readElement(pos: number, end: number, depth: number, tag: number): number {
    let vr: number;
    let length: number;
    let headerLength: number;
    if (this.explicit) {
      vr = (this.bytes[pos + 4]! << 8) | this.bytes[pos + 5]!;
      const form = VR_FORMS[vr];
      if (form === UNKNOWN_VR) fail('malformed', `unknown VR for ${formatTag(tag)} at byte ${pos}`);
      if (form === LONG_LENGTH_VR) {
        this.need(pos, 12, end, 'the header of', tag);
        length = this.view.getUint32(pos + 8, this.le);
        headerLength = 12;
      } else {
        length = this.view.getUint16(pos + 6, this.le);
        headerLength = 8;
      }
    } else {
      length = this.view.getUint32(pos + 4, this.le);
      headerLength = 8;
      vr = IMPLICIT_VR_CODES.get(tag) ?? VR.UN;
    }
    const valueStart = pos + headerLength;

    if (length === UNDEFINED_LENGTH) {
      if (vr === VR.SQ || vr === VR.UN || !this.explicit) {
        // Undefined-length UN is an implicit VR little endian sequence (PS3.5 6.2.2).
        const el = this.index.addElement(tag, VR.SQ, valueStart, 0);
        const next = this.readSequence(el, valueStart, end, depth, true, vr === VR.SQ ? this.explicit : false);
        this.index.length[el] = next - valueStart;
        return next;
      }
      if (tag === Tag.PixelData || vr === VR.OB || vr === VR.OW) {
        const el = this.index.addElement(tag, vr, valueStart, 0);
        const next = this.skipFragments(valueStart, end, tag);
        this.index.length[el] = next - valueStart;
        return next;
      }
      fail('malformed', `undefined length on element ${formatTag(tag)} at byte ${pos}`);
    }

    this.need(valueStart, length, end, 'the value of', tag);
    const valueEnd = valueStart + length;
    const isSequence =
      vr === VR.SQ ||
      (vr === VR.UN && IMPLICIT_VR_CODES.get(tag) === VR.SQ) ||
      (!this.explicit && vr === VR.UN && length >= 8 && this.tagAt(valueStart) === Tag.Item);
    if (isSequence) {
      const el = this.index.addElement(tag, VR.SQ, valueStart, length);
      this.readSequence(el, valueStart, valueEnd, depth, false, vr === VR.SQ ? this.explicit : false);
      return valueEnd;
    }
    this.index.addElement(tag, vr, valueStart, length);
    return valueEnd;
  }

  private readSequence(el: number, pos: number, end: number, depth: number, delimited: boolean, explicit: boolean): number {
    const tag = this.index.tag[el]!;
    if (depth + 1 > this.maxDepth) fail('malformed', `sequences nested deeper than ${this.maxDepth} levels at ${formatTag(tag)}`);
    let reader: DatasetReader = this;
    if (explicit !== this.explicit) {
      reader = new DatasetReader(this.source, this.index, explicit, this.maxDepth);
      this.index.mixedEncodings = true;
    }
    let previousItem = NONE;
    while (true) {
      if (pos >= end) {
        if (!delimited) return pos;
        fail(pos >= this.bytes.length ? 'truncated' : 'malformed', `sequence ${formatTag(tag)} has no delimiter`);
      }
      this.need(pos, 8, end, 'an item header in', tag);
      const itemTag = this.tagAt(pos);
      const itemLength = this.view.getUint32(pos + 4, this.le);
      if (itemTag === Tag.SequenceDelimitationItem) {
        if (!delimited) fail('malformed', `unexpected sequence delimiter in ${formatTag(tag)} at byte ${pos}`);
        return pos + 8;
      }
      if (itemTag !== Tag.Item) fail('malformed', `expected an item in ${formatTag(tag)} at byte ${pos}, found ${formatTag(itemTag)}`);
      const item = this.index.addItem();
      if (previousItem === NONE) this.index.firstItem[el] = item;
      else this.index.nextItem[previousItem] = item;
      previousItem = item;
      const itemStart = pos + 8;
      if (itemLength === UNDEFINED_LENGTH) {
        pos = reader.readDataset(item, itemStart, end, depth + 1, true);
      } else {
        this.need(itemStart, itemLength, end, 'an item of', tag);
        reader.readDataset(item, itemStart, itemStart + itemLength, depth + 1, false);
        pos = itemStart + itemLength;
      }
      this.index.itemStart[item] = itemStart;
      this.index.itemEnd[item] = pos;
    }
  }

  /** Encapsulated pixel data: fragments of defined length up to a sequence delimiter. */
  private skipFragments(pos: number, end: number, tag: number): number {
    while (true) {
      this.need(pos, 8, end, 'a fragment header in', tag);
      const itemTag = this.tagAt(pos);
      const length = this.view.getUint32(pos + 4, this.le);
      if (itemTag === Tag.SequenceDelimitationItem) return pos + 8;
      if (itemTag !== Tag.Item || length === UNDEFINED_LENGTH) fail('malformed', `bad fragment in ${formatTag(tag)} at byte ${pos}`);
      this.need(pos + 8, length, end, 'a fragment of', tag);
      pos += 8 + length;
    }
  }
}

function readDocument(bytes: Uint8Array, start: number, end: number, encoding: { explicit: boolean; littleEndian: boolean }, maxDepth: number): DicomDocument {
  const source = makeSource(bytes, encoding.littleEndian);
  // About one element per 16 bytes in SR documents; the index grows if that is too few.
  const index = new ElementIndex(Math.ceil((end - start) / 16));
  const root = index.addItem();
  new DatasetReader(source, index, encoding.explicit, maxDepth).readDataset(root, start, end, 0, false);
  return { source, index, root };
}

function looksLikeExplicitVr(bytes: Uint8Array, pos: number): boolean {
  return pos + 6 <= bytes.length && VR_FORMS[(bytes[pos + 4]! << 8) | bytes[pos + 5]!] !== UNKNOWN_VR;
}

/** A raw dataset starts with a low, even group (meta 0002 or identifying 0008) in little endian. */
function looksLikeRawDataset(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  const group = bytes[0]! | (bytes[1]! << 8);
  return group === 0x0002 || group === 0x0008;
}

function hasDicmPrefix(bytes: Uint8Array): boolean {
  return bytes.length >= PREAMBLE_LENGTH + 4 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

/** Group 0002 is always explicit VR little endian; its end is where the group number changes. */
function metaEnd(bytes: Uint8Array, start: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = start;
  while (end + 8 <= bytes.length && (bytes[end]! | (bytes[end + 1]! << 8)) === 0x0002) {
    const vr = (bytes[end + 4]! << 8) | bytes[end + 5]!;
    if (VR_FORMS[vr] === UNKNOWN_VR) fail('malformed', `file meta element at byte ${end} has no valid VR`);
    const long = VR_FORMS[vr] === LONG_LENGTH_VR;
    if (long && end + 12 > bytes.length) fail('truncated', 'the data ends inside the file meta information');
    const length = long ? view.getUint32(end + 8, true) : view.getUint16(end + 6, true);
    if (length === UNDEFINED_LENGTH) fail('malformed', 'undefined length in the file meta information');
    end += (long ? 12 : 8) + length;
  }
  if (end > bytes.length) fail('truncated', 'the data ends inside the file meta information');
  return end;
}

function inflate(bytes: Uint8Array): Uint8Array {
  try {
    return new Uint8Array(inflateRawSync(bytes));
  } catch {
    return fail('malformed', 'the deflated dataset cannot be inflated');
  }
}

/**
 * Reads a Part-10 file, or a raw dataset without preamble, into an element index.
 * Throws RdsrParseError (not-dicom, truncated, malformed) on bad input.
 */
export function readDicom(bytes: Uint8Array, options: ReadOptions = {}): ParsedDicom {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  let pos: number;
  let hasPreamble = false;
  if (hasDicmPrefix(bytes)) {
    pos = PREAMBLE_LENGTH + 4;
    hasPreamble = true;
  } else if (looksLikeRawDataset(bytes)) {
    pos = 0;
  } else {
    return fail('not-dicom', 'no DICM prefix at byte 128 and the data does not start like a DICOM dataset');
  }

  let meta: DicomDocument | null = null;
  let transferSyntaxUid: string | null = null;
  if (pos + 2 <= bytes.length && (bytes[pos]! | (bytes[pos + 1]! << 8)) === 0x0002) {
    const end = metaEnd(bytes, pos);
    meta = readDocument(bytes, pos, end, { explicit: true, littleEndian: true }, maxDepth);
    const ts = findElement(meta, meta.root, Tag.TransferSyntaxUid);
    if (ts !== NONE) {
      const o = meta.index.offset[ts]!;
      transferSyntaxUid = DEFAULT_TEXT_CODEC.decode(bytes, o, o + meta.index.length[ts]!)
        .replace(/[\0 ]+$/, '')
        .trim();
    }
    pos = end;
  } else if (hasPreamble) {
    fail('malformed', 'the file has a DICM prefix but no file meta information');
  }

  const encoding = encodingOf(transferSyntaxUid ?? (looksLikeExplicitVr(bytes, pos) ? TransferSyntax.ExplicitLittle : TransferSyntax.ImplicitLittle));
  const body = encoding.deflated ? inflate(bytes.subarray(pos)) : bytes;
  const dataset = readDocument(body, encoding.deflated ? 0 : pos, body.length, encoding, maxDepth);
  return { meta, dataset, transferSyntaxUid, hasPreamble };
}
