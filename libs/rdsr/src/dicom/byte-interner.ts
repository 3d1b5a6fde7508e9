import { ByteRangeTable } from './byte-range-table';
import type { ByteSource } from './dataset';

const MAX_INTERNED_LENGTH = 64;

/**
 * Decodes short byte ranges to strings, returning the same string for equal bytes. Long reports
 * repeat the same few hundred short values (value types, code values, units) tens of thousands
 * of times; hashing and comparing bytes is much cheaper than decoding each occurrence.
 */
export class ByteInterner {
  private readonly table: ByteRangeTable<string>;

  constructor(private readonly source: ByteSource) {
    this.table = new ByteRangeTable(source.bytes);
  }

  text(start: number, end: number): string {
    if (end - start > MAX_INTERNED_LENGTH) return this.source.text.decode(this.source.bytes, start, end);
    let text = this.table.get(start, end);
    if (text === undefined) {
      text = this.source.text.decode(this.source.bytes, start, end);
      this.table.set(start, end, text);
    }
    return text;
  }
}
