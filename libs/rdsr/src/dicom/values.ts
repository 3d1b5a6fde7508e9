import { findElement, type DicomDataset, type DicomElement } from './dataset';

/** Decoded values of elements, read on demand. Empty or absent values are null, never '' or 0. */

const NUMERIC_VRS_SIZE: Readonly<Record<string, number>> = { FD: 8, FL: 4, US: 2, SS: 2, UL: 4, SL: 4 };

const NUL = 0x00;
const SPACE = 0x20;

/** The whole text value, with the padding DICOM allows (trailing NUL/space, leading space) removed. */
export function textOf(ds: DicomDataset, el: DicomElement | undefined): string | null {
  if (!el || el.items !== null || el.length === 0 || NUMERIC_VRS_SIZE[el.vr] !== undefined) return null;
  const bytes = ds.source.bytes;
  let start = el.offset;
  let end = el.offset + el.length;
  while (end > start && (bytes[end - 1] === SPACE || bytes[end - 1] === NUL)) end--;
  while (start < end && bytes[start] === SPACE) start++;
  return start === end ? null : ds.source.text.decode(bytes, start, end);
}

export function getText(ds: DicomDataset, tag: number): string | null {
  return textOf(ds, findElement(ds, tag));
}

/** The first of a multi-valued string (backslash-separated). */
export function getFirstText(ds: DicomDataset, tag: number): string | null {
  const all = getText(ds, tag);
  if (all === null) return null;
  const first = all.split('\\')[0]!.trim();
  return first === '' ? null : first;
}

/** A DS or IS value as a finite number; null when empty or not a number. */
export function getDecimal(ds: DicomDataset, tag: number): number | null {
  const text = getFirstText(ds, tag);
  if (text === null || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** A binary number (FD, FL, US, SS, UL, SL); null when absent or of another VR. */
export function getBinaryNumber(ds: DicomDataset, tag: number): number | null {
  const el = findElement(ds, tag);
  if (!el) return null;
  const size = NUMERIC_VRS_SIZE[el.vr];
  if (size === undefined || el.length < size) return null;
  const { view, littleEndian } = ds.source;
  switch (el.vr) {
    case 'FD':
      return view.getFloat64(el.offset, littleEndian);
    case 'FL':
      return view.getFloat32(el.offset, littleEndian);
    case 'US':
      return view.getUint16(el.offset, littleEndian);
    case 'SS':
      return view.getInt16(el.offset, littleEndian);
    case 'UL':
      return view.getUint32(el.offset, littleEndian);
    default:
      return view.getInt32(el.offset, littleEndian);
  }
}

export function getItems(ds: DicomDataset, tag: number): readonly DicomDataset[] {
  return findElement(ds, tag)?.items ?? [];
}

export function getFirstItem(ds: DicomDataset, tag: number): DicomDataset | null {
  return getItems(ds, tag)[0] ?? null;
}
