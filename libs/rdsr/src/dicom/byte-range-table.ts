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

  constructor(private readonly bytes: Uint8Array) {}

  get(start: number, end: number): T | undefined {
    const bucket = this.buckets.get(this.hash(start, end));
    if (bucket === undefined) return undefined;
    const length = end - start;
    for (const entry of bucket) {
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

  /** FNV-1a, folded to a small integer so that the map keys stay unboxed. */
  private hash(start: number, end: number): number {
    const bytes = this.bytes;
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
    return hash & 0x3fffffff;
  }

  private sameBytes(a: number, b: number, length: number): boolean {
    const bytes = this.bytes;
    for (let i = 0; i < length; i++) {
      if (bytes[a + i] !== bytes[b + i]) return false;
    }
    return true;
  }
}
