/**
 * A hash table keyed on byte ranges of one buffer: ranges with equal bytes find the same entry,
 * wherever they are. Lets a reader decode a value once per distinct byte string instead of once
 * per occurrence.
 */

interface Entry<T> {
  readonly start: number;
  readonly end: number;
  readonly value: T;
}

export class ByteRangeTable<T> {
  private readonly buckets = new Map<number, Entry<T>[]>();
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get(start: number, end: number): T | undefined {
    const bucket = this.buckets.get(this.hash(start, end));
    if (bucket === undefined) return undefined;
    const length = end - start;
    for (let i = 0; i < bucket.length; i++) {
      const entry = bucket[i]!;
      if (entry.end - entry.start === length && this.sameBytes(entry.start, start, length)) return entry.value;
    }
    return undefined;
  }

  set(start: number, end: number, value: T): void {
    const hash = this.hash(start, end);
    const entry = { start, end, value };
    const bucket = this.buckets.get(hash);
    if (bucket) bucket.push(entry);
    else this.buckets.set(hash, [entry]);
  }

  // Hashing and comparing read four bytes at a time: these two loops are most of a lookup's cost.

  /** FNV-1a over 32-bit words, folded to a small integer so that the map keys stay unboxed. */
  private hash(start: number, end: number): number {
    const view = this.view;
    let hash = 0x811c9dc5 ^ (end - start);
    let i = start;
    for (; i + 4 <= end; i += 4) hash = Math.imul(hash ^ view.getInt32(i, true), 0x01000193);
    for (; i < end; i++) hash = Math.imul(hash ^ this.bytes[i]!, 0x01000193);
    return (hash ^ (hash >>> 15)) & 0x3fffffff;
  }

  private sameBytes(a: number, b: number, length: number): boolean {
    const view = this.view;
    let i = 0;
    for (; i + 4 <= length; i += 4) {
      if (view.getInt32(a + i, true) !== view.getInt32(b + i, true)) return false;
    }
    for (; i < length; i++) {
      if (this.bytes[a + i] !== this.bytes[b + i]) return false;
    }
    return true;
  }
}
