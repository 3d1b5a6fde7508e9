import { seededRandom } from '@kerma/testing';
import { ByteRangeTable } from './byte-range-table';

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

describe('ByteRangeTable', () => {
  // Offsets:         0         1         2         3
  //                  0123456789012345678901234567890123456
  const bytes = ascii('DCM|113738 Dose (RP)|DCM|113738 Dose (RQ)|DCM|11373');

  it('finds a value by equal bytes at another offset', () => {
    const table = new ByteRangeTable<string>(bytes);
    table.set(0, 10, 'first');
    expect(table.get(21, 31)).toBe('first');
  });

  it('tells apart ranges that differ in one byte, in length, or only past a 4-byte word', () => {
    const table = new ByteRangeTable<string>(bytes);
    table.set(0, 20, 'RP');
    expect(table.get(21, 41)).toBeUndefined(); // …(RQ): last word differs
    expect(table.get(0, 19)).toBeUndefined();
    expect(table.get(42, 51)).toBeUndefined(); // DCM|11373: a prefix of a stored range
    table.set(21, 41, 'RQ');
    expect(table.get(0, 20)).toBe('RP');
    expect(table.get(21, 41)).toBe('RQ');
  });

  it('keeps every entry of a crowded table apart', () => {
    const r = seededRandom(7);
    const many = Uint8Array.from({ length: 8192 }, () => r.integer(0x41, 0x44));
    const table = new ByteRangeTable<number>(many);
    const firstStartOf = new Map<string, number>();
    for (let start = 0; start + 6 <= many.length; start += 3) {
      const text = String.fromCharCode(...many.subarray(start, start + 6));
      if (table.get(start, start + 6) === undefined) table.set(start, start + 6, start);
      if (!firstStartOf.has(text)) firstStartOf.set(text, start);
    }
    for (let start = 0; start + 6 <= many.length; start += 3) {
      expect(table.get(start, start + 6)).toBe(firstStartOf.get(String.fromCharCode(...many.subarray(start, start + 6))));
    }
  });

  it('stores an empty range like any other', () => {
    const table = new ByteRangeTable<string | null>(bytes);
    table.set(5, 5, null);
    expect(table.get(9, 9)).toBeNull();
  });
});
