import type { ByteInterner } from './byte-interner';
import { plainDecimal } from './plain-decimal';
import { NONE, findElement, itemsOf, vrCode, type DatasetId, type DicomDocument, type ElementId } from './dataset';

/** Decoded values of elements, read on demand. Empty or absent values are null, never '' or 0. */

/**
 * Byte size of each binary number VR, 0 for every other VR. A table over all 16-bit VR codes
 * rather than a map: every text read asks it first.
 */
const BINARY_SIZES = new Uint8Array(0x10000);
for (const [vr, size] of [
  ['FD', 8],
  ['FL', 4],
  ['US', 2],
  ['SS', 2],
  ['UL', 4],
  ['SL', 4],
] as const)
  BINARY_SIZES[vrCode(vr)] = size;
const FD = vrCode('FD');
const FL = vrCode('FL');
const US = vrCode('US');
const SS = vrCode('SS');
const UL = vrCode('UL');
const SQ = vrCode('SQ');
const NUL = 0x00;
const SPACE = 0x20;

function isPadding(b: number | undefined): boolean {
  return b === SPACE || b === NUL;
}

/**
 * The whole text value, with the padding DICOM allows (trailing NUL/space, leading space) removed.
 * With an interner, equal byte strings decode once.
 */
export function textOfElement(doc: DicomDocument, el: ElementId, interner?: ByteInterner): string | null {
  if (el === NONE) return null;
  const { index, source } = doc;
  const vr = index.vr[el]!;
  if (vr === SQ || BINARY_SIZES[vr] !== 0) return null;
  const bytes = source.bytes;
  let start = index.offset[el]!;
  let end = start + index.length[el]!;
  while (end > start && isPadding(bytes[end - 1])) end--;
  while (start < end && bytes[start] === SPACE) start++;
  if (start === end) return null;
  return interner ? interner.text(start, end) : source.text.decode(bytes, start, end);
}

export function getText(doc: DicomDocument, ds: DatasetId, tag: number, interner?: ByteInterner): string | null {
  return textOfElement(doc, findElement(doc, ds, tag), interner);
}

/** The first of a multi-valued string (backslash-separated). */
function firstValue(all: string | null): string | null {
  if (all === null) return null;
  if (all.indexOf('\\') < 0) return all;
  const first = all.split('\\')[0]!.trim();
  return first === '' ? null : first;
}

export function getFirstText(doc: DicomDocument, ds: DatasetId, tag: number, interner?: ByteInterner): string | null {
  return firstValue(getText(doc, ds, tag, interner));
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A DS or IS element as a finite number; null when absent, empty or not a number. */
export function decimalOfElement(doc: DicomDocument, el: ElementId, interner?: ByteInterner): number | null {
  if (el === NONE) return null;
  const { index, source } = doc;
  const bytes = source.bytes;
  const vr = index.vr[el]!;
  if (vr !== SQ && BINARY_SIZES[vr] === 0) {
    let start = index.offset[el]!;
    let end = start + index.length[el]!;
    while (end > start && isPadding(bytes[end - 1])) end--;
    while (start < end && bytes[start] === SPACE) start++;
    // Most values are plain ASCII numbers: read them without building a string.
    const plain = plainDecimal(bytes, start, end);
    if (plain !== undefined) return plain;
  }
  const text = firstValue(textOfElement(doc, el, interner));
  if (text === null || !DECIMAL.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** A DS or IS value as a finite number; null when empty or not a number. */
export function getDecimal(doc: DicomDocument, ds: DatasetId, tag: number, interner?: ByteInterner): number | null {
  return decimalOfElement(doc, findElement(doc, ds, tag), interner);
}

/** A binary number (FD, FL, US, SS, UL, SL); null when absent or of another VR. */
export function getBinaryNumber(doc: DicomDocument, ds: DatasetId, tag: number): number | null {
  return binaryNumberOfElement(doc, findElement(doc, ds, tag));
}

export function binaryNumberOfElement(doc: DicomDocument, el: ElementId): number | null {
  if (el === NONE) return null;
  const { index, source } = doc;
  const vr = index.vr[el]!;
  const size = BINARY_SIZES[vr]!;
  if (size === 0 || index.length[el]! < size) return null;
  const { view, littleEndian } = source;
  const o = index.offset[el]!;
  if (vr === FD) return view.getFloat64(o, littleEndian);
  if (vr === FL) return view.getFloat32(o, littleEndian);
  if (vr === US) return view.getUint16(o, littleEndian);
  if (vr === SS) return view.getInt16(o, littleEndian);
  if (vr === UL) return view.getUint32(o, littleEndian);
  return view.getInt32(o, littleEndian);
}

export function getItems(doc: DicomDocument, ds: DatasetId, tag: number): DatasetId[] {
  return itemsOf(doc, findElement(doc, ds, tag));
}

export function getFirstItem(doc: DicomDocument, ds: DatasetId, tag: number): DatasetId {
  const el = findElement(doc, ds, tag);
  return el === NONE ? NONE : doc.index.firstItem[el]!;
}
