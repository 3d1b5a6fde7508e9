import type { ByteSource } from './dataset';

const MAX_INTERNED_LENGTH = 64;

interface Entry {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Decodes short byte ranges to strings, returning the same string for equal bytes. Long reports
 * repeat the same few hundred short values (value types, code values, units) tens of thousands
 * of times; hashing and comparing bytes is much cheaper than decoding each occurrence.
 */
export class ByteInterner {
  private readonly table = new Map<number, Entry[]>();

  constructor(private readonly source: ByteSource) {}

  text(start: number, end: number): string {
    const bytes = this.source.bytes;
    if (end - start > MAX_INTERNED_LENGTH) return this.source.text.decode(bytes, start, end);
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
    const bucket = this.table.get(hash);
    if (bucket) {
      for (const entry of bucket) {
        if (entry.end - entry.start === end - start && sameBytes(bytes, entry.start, start, end - start)) return entry.text;
      }
    }
    const text = this.source.text.decode(bytes, start, end);
    const entry = { start, end, text };
    if (bucket) bucket.push(entry);
    else this.table.set(hash, [entry]);
    return text;
  }
}

function sameBytes(bytes: Uint8Array, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) {
    if (bytes[a + i] !== bytes[b + i]) return false;
  }
  return true;
}
