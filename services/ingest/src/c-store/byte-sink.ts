import { Writable } from 'node:stream';

/**
 * Collects one received data set in memory, up to a limit. Past the limit it keeps draining the
 * network (so the association stays usable) but drops the bytes and remembers the overflow.
 */
export class BoundedByteSink extends Writable {
  private readonly chunks: Buffer[] = [];
  private receivedBytes = 0;

  constructor(readonly maxBytes: number) {
    super();
  }

  get overflowed(): boolean {
    return this.receivedBytes > this.maxBytes;
  }

  get byteCount(): number {
    return this.receivedBytes;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.receivedBytes += chunk.length;
    if (this.overflowed) this.chunks.length = 0;
    else this.chunks.push(chunk);
    done();
  }

  bytes(): Uint8Array {
    if (this.overflowed) throw new Error(`the data set exceeds ${this.maxBytes} bytes`);
    const all = Buffer.concat(this.chunks);
    return new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
  }
}
