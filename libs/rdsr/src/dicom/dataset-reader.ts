import { inflateRawSync } from 'node:zlib';
import { RdsrParseError } from '../model/errors';
import { findElement, type ByteSource, type DicomDataset, type DicomElement, type ParsedDicom, type TextCodec } from './dataset';
import { IMPLICIT_VR, Tag, formatTag } from './tags';
import { DEFAULT_TEXT_CODEC, textCodecFor } from './text-codec';
import { TransferSyntax, encodingOf } from './transfer-syntax';

export interface ReadOptions {
  /** Deepest sequence nesting accepted; deeper input is malformed. */
  readonly maxDepth?: number;
  /** Stop reading the top-level dataset at the first tag greater than this one. */
  readonly stopAfterTag?: number;
}

export const DEFAULT_MAX_DEPTH = 64;
const UNDEFINED_LENGTH = 0xffffffff;
const PREAMBLE_LENGTH = 128;

/** Explicit VRs whose length field is 4 bytes (after 2 reserved bytes). */
const LONG_LENGTH_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const KNOWN_VRS = new Set([
  'AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FD', 'FL', 'IS', 'LO', 'LT', 'PN', 'SH', 'SL', 'SS', 'ST', 'TM', 'UI',
  'UL', 'US', ...LONG_LENGTH_VRS,
]);

function fail(code: 'truncated' | 'malformed' | 'not-dicom' | 'unsupported-transfer-syntax', message: string): never {
  throw new RdsrParseError({ code, message });
}

interface MutableSource extends ByteSource {
  text: TextCodec;
}

function makeSource(bytes: Uint8Array, littleEndian: boolean): MutableSource {
  return {
    bytes,
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    littleEndian,
    text: DEFAULT_TEXT_CODEC,
  };
}

/**
 * A bounded reader of one dataset encoding. Every length is checked against the end of its
 * container before use, nesting is capped, and each step consumes at least 8 bytes, so any input
 * finishes in time linear in its size.
 */
class DatasetReader {
  private readonly view: DataView;
  private readonly le: boolean;

  constructor(
    private readonly source: MutableSource,
    private readonly explicit: boolean,
    private readonly maxDepth: number,
  ) {
    this.view = source.view;
    this.le = source.littleEndian;
  }

  private u16(pos: number): number {
    return this.view.getUint16(pos, this.le);
  }

  private u32(pos: number): number {
    return this.view.getUint32(pos, this.le);
  }

  private tagAt(pos: number): number {
    return ((this.u16(pos) << 16) | this.u16(pos + 2)) >>> 0;
  }

  /** Checks that `count` bytes at `pos` exist and fit the container; `what` and `tag` word the error. */
  private need(pos: number, count: number, end: number, what: string, tag: number): void {
    if (pos + count <= end && pos + count <= this.source.bytes.length) return;
    const where = `${what} ${formatTag(tag)} (${count} bytes at byte ${pos})`;
    if (pos + count > this.source.bytes.length) fail('truncated', `the data ends inside ${where}`);
    fail('malformed', `${where} runs past the end of its container`);
  }

  /**
   * Reads elements from `pos` to `end`. With `delimited`, stops after an Item Delimitation Item;
   * returns the dataset and the position after it.
   */
  readDataset(pos: number, end: number, depth: number, delimited: boolean, stopAfterTag?: number): { dataset: DicomDataset; next: number } {
    const elements: DicomElement[] = [];
    let previousTag = 0;
    while (pos < end) {
      this.need(pos, 8, end, 'an element header after', previousTag);
      const tag = this.tagAt(pos);
      if (tag === Tag.ItemDelimitationItem) {
        if (!delimited) fail('malformed', `unexpected item delimiter at byte ${pos}`);
        return { dataset: { source: this.source, elements }, next: pos + 8 };
      }
      if (tag === Tag.Item || tag === Tag.SequenceDelimitationItem) {
        fail('malformed', `unexpected ${formatTag(tag)} inside a dataset at byte ${pos}`);
      }
      if (stopAfterTag !== undefined && tag > stopAfterTag) {
        return { dataset: { source: this.source, elements }, next: pos };
      }
      previousTag = tag;
      const { element, next } = this.readElement(pos, end, depth, tag);
      // A repeated tag is malformed, but the first occurrence is as good a reading as any: lookups find it first.
      elements.push(element);
      if (depth === 0 && tag === Tag.SpecificCharacterSet) {
        this.source.text = textCodecFor(DEFAULT_TEXT_CODEC.decode(this.source.bytes, element.offset, element.offset + element.length).trim());
      }
      pos = next;
    }
    if (delimited) fail(pos >= this.source.bytes.length ? 'truncated' : 'malformed', 'an item of undefined length has no delimiter');
    return { dataset: { source: this.source, elements }, next: pos };
  }

  private readElement(pos: number, end: number, depth: number, tag: number): { element: DicomElement; next: number } {
    let vr: string;
    let length: number;
    let headerLength: number;
    if (this.explicit) {
      const b = this.source.bytes;
      vr = String.fromCharCode(b[pos + 4]!, b[pos + 5]!);
      if (!KNOWN_VRS.has(vr)) fail('malformed', `unknown VR "${vr.replace(/[^\x20-\x7e]/g, '?')}" for ${formatTag(tag)} at byte ${pos}`);
      if (LONG_LENGTH_VRS.has(vr)) {
        this.need(pos, 12, end, 'the header of', tag);
        length = this.u32(pos + 8);
        headerLength = 12;
      } else {
        length = this.u16(pos + 6);
        headerLength = 8;
      }
    } else {
      length = this.u32(pos + 4);
      headerLength = 8;
      vr = IMPLICIT_VR.get(tag) ?? 'UN';
    }
    const valueStart = pos + headerLength;

    if (length === UNDEFINED_LENGTH) {
      if (vr === 'SQ' || vr === 'UN' || !this.explicit) {
        // Undefined-length UN is an implicit VR little endian sequence (PS3.5 6.2.2).
        const nestedExplicit = vr === 'SQ' ? this.explicit : false;
        const { items, next } = this.readSequence(valueStart, end, depth, true, nestedExplicit, tag);
        return { element: { tag, vr: 'SQ', offset: valueStart, length: next - valueStart, items }, next };
      }
      if (tag === Tag.PixelData || vr === 'OB' || vr === 'OW') {
        const next = this.skipFragments(valueStart, end, tag);
        return { element: { tag, vr, offset: valueStart, length: next - valueStart, items: null }, next };
      }
      fail('malformed', `undefined length on ${vr} element ${formatTag(tag)} at byte ${pos}`);
    }

    this.need(valueStart, length, end, 'the value of', tag);
    const valueEnd = valueStart + length;
    if (vr === 'SQ' || (vr === 'UN' && IMPLICIT_VR.get(tag) === 'SQ') || (!this.explicit && vr === 'UN' && this.startsWithItem(valueStart, valueEnd))) {
      const nestedExplicit = vr === 'SQ' ? this.explicit : false;
      const { items } = this.readSequence(valueStart, valueEnd, depth, false, nestedExplicit, tag);
      return { element: { tag, vr: 'SQ', offset: valueStart, length, items }, next: valueEnd };
    }
    return { element: { tag, vr, offset: valueStart, length, items: null }, next: valueEnd };
  }

  private startsWithItem(start: number, end: number): boolean {
    return end - start >= 8 && this.tagAt(start) === Tag.Item;
  }

  private readSequence(
    pos: number,
    end: number,
    depth: number,
    delimited: boolean,
    explicit: boolean,
    tag: number,
  ): { items: DicomDataset[]; next: number } {
    if (depth + 1 > this.maxDepth) fail('malformed', `sequences nested deeper than ${this.maxDepth} levels at ${formatTag(tag)}`);
    const reader = explicit === this.explicit ? this : new DatasetReader(this.source, explicit, this.maxDepth);
    const items: DicomDataset[] = [];
    while (true) {
      if (!delimited && pos >= end) return { items, next: pos };
      if (pos >= end) fail(pos >= this.source.bytes.length ? 'truncated' : 'malformed', `sequence ${formatTag(tag)} has no delimiter`);
      this.need(pos, 8, end, 'an item header in', tag);
      const itemTag = this.tagAt(pos);
      const itemLength = this.u32(pos + 4);
      if (itemTag === Tag.SequenceDelimitationItem) {
        if (!delimited) fail('malformed', `unexpected sequence delimiter in ${formatTag(tag)} at byte ${pos}`);
        return { items, next: pos + 8 };
      }
      if (itemTag !== Tag.Item) fail('malformed', `expected an item in ${formatTag(tag)} at byte ${pos}, found ${formatTag(itemTag)}`);
      const itemStart = pos + 8;
      if (itemLength === UNDEFINED_LENGTH) {
        const { dataset, next } = reader.readDataset(itemStart, end, depth + 1, true);
        items.push(dataset);
        pos = next;
      } else {
        this.need(itemStart, itemLength, end, 'an item of', tag);
        const { dataset } = reader.readDataset(itemStart, itemStart + itemLength, depth + 1, false);
        items.push(dataset);
        pos = itemStart + itemLength;
      }
    }
  }

  /** Encapsulated pixel data: fragments of defined length up to a sequence delimiter. */
  private skipFragments(pos: number, end: number, tag: number): number {
    while (true) {
      this.need(pos, 8, end, 'a fragment header in', tag);
      const itemTag = this.tagAt(pos);
      const length = this.u32(pos + 4);
      if (itemTag === Tag.SequenceDelimitationItem) return pos + 8;
      if (itemTag !== Tag.Item || length === UNDEFINED_LENGTH) fail('malformed', `bad fragment in ${formatTag(tag)} at byte ${pos}`);
      this.need(pos + 8, length, end, 'a fragment of', tag);
      pos += 8 + length;
    }
  }
}

function looksLikeExplicitVr(bytes: Uint8Array, pos: number): boolean {
  if (pos + 6 > bytes.length) return false;
  return KNOWN_VRS.has(String.fromCharCode(bytes[pos + 4]!, bytes[pos + 5]!));
}

/** A raw dataset starts with a low, even group (meta 0002 or identifying 0008) in little endian. */
function looksLikeRawDataset(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  const group = bytes[0]! | (bytes[1]! << 8);
  return group === 0x0002 || group === 0x0008;
}

function hasDicmPrefix(bytes: Uint8Array): boolean {
  return (
    bytes.length >= PREAMBLE_LENGTH + 4 &&
    bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d
  );
}

function readMeta(bytes: Uint8Array, start: number, maxDepth: number): { meta: DicomDataset; next: number; transferSyntaxUid: string | null } {
  const source = makeSource(bytes, true);
  const reader = new DatasetReader(source, true, maxDepth);
  let end = start;
  // Group 0002 is always explicit VR little endian; read element by element while the group is 0002.
  while (end + 8 <= bytes.length && (bytes[end]! | (bytes[end + 1]! << 8)) === 0x0002) {
    const vr = String.fromCharCode(bytes[end + 4]!, bytes[end + 5]!);
    if (!KNOWN_VRS.has(vr)) fail('malformed', `file meta element at byte ${end} has no valid VR`);
    const long = LONG_LENGTH_VRS.has(vr);
    if (long && end + 12 > bytes.length) fail('truncated', 'the data ends inside the file meta information');
    const length = long ? source.view.getUint32(end + 8, true) : source.view.getUint16(end + 6, true);
    if (length === UNDEFINED_LENGTH) fail('malformed', 'undefined length in the file meta information');
    end += (long ? 12 : 8) + length;
  }
  if (end > bytes.length) fail('truncated', 'the data ends inside the file meta information');
  const { dataset } = reader.readDataset(start, end, 0, false);
  const ts = findElement(dataset, Tag.TransferSyntaxUid);
  const transferSyntaxUid = ts ? DEFAULT_TEXT_CODEC.decode(bytes, ts.offset, ts.offset + ts.length).replace(/[\0 ]+$/, '').trim() : null;
  return { meta: dataset, next: end, transferSyntaxUid };
}

function inflate(bytes: Uint8Array): Uint8Array {
  try {
    return new Uint8Array(inflateRawSync(bytes));
  } catch {
    return fail('malformed', 'the deflated dataset cannot be inflated');
  }
}

/**
 * Reads a Part-10 file, or a raw dataset without preamble, into element positions.
 * Throws RdsrParseError (not-dicom, truncated, malformed, unsupported-transfer-syntax) on bad input.
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

  let meta: DicomDataset | null = null;
  let transferSyntaxUid: string | null = null;
  if (pos + 2 <= bytes.length && (bytes[pos]! | (bytes[pos + 1]! << 8)) === 0x0002) {
    const m = readMeta(bytes, pos, maxDepth);
    meta = m.meta;
    pos = m.next;
    transferSyntaxUid = m.transferSyntaxUid;
  } else if (hasPreamble) {
    fail('malformed', 'the file has a DICM prefix but no file meta information');
  }

  const encoding = transferSyntaxUid === null ? (looksLikeExplicitVr(bytes, pos) ? TransferSyntax.ExplicitLittle : TransferSyntax.ImplicitLittle) : transferSyntaxUid;
  const { explicit, littleEndian, deflated } = encodingOf(encoding);
  let body = bytes;
  if (deflated) {
    body = inflate(bytes.subarray(pos));
    pos = 0;
  }
  const source = makeSource(body, littleEndian);
  const reader = new DatasetReader(source, explicit, maxDepth);
  const { dataset } = reader.readDataset(pos, body.length, 0, false, options.stopAfterTag);
  return { meta, dataset, transferSyntaxUid, hasPreamble };
}
