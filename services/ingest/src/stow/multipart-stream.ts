/** What the parser found in the chunk it was given, in order. */
export type MultipartEvent =
  | { readonly kind: 'part-start'; readonly headers: ReadonlyMap<string, string> }
  | { readonly kind: 'part-data'; readonly bytes: Buffer }
  | { readonly kind: 'part-end' };

export class MultipartSyntaxError extends Error {}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** Largest header block of one part: a STOW part carries a Content-Type and perhaps a Content-Location. */
export const MAX_PART_HEADER_BYTES = 8 * 1024;

/**
 * A streaming `multipart/*` (RFC 2046) parser that never holds a part's content: each chunk it is
 * given comes back as `part-data` slices, keeping only a tail shorter than the delimiter (a delimiter
 * may straddle two chunks) or an unfinished header block. Memory is therefore bounded by one chunk
 * plus the delimiter plus `MAX_PART_HEADER_BYTES`, whatever the size of the parts.
 */
export class MultipartStreamParser {
  private readonly opening: Buffer;
  private readonly delimiter: Buffer;
  private state: 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'done' = 'preamble';
  private carry: Buffer = Buffer.alloc(0);

  constructor(boundary: string) {
    this.opening = Buffer.from(`--${boundary}`);
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
  }

  get finished(): boolean {
    return this.state === 'done';
  }

  write(chunk: Buffer): MultipartEvent[] {
    const events: MultipartEvent[] = [];
    let buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = Buffer.alloc(0);
    for (;;) {
      if (this.state === 'done') break; // the epilogue is ignored (RFC 2046 §5.1.1)
      if (this.state === 'preamble') {
        // The first delimiter may open the body directly (no preceding CRLF) or follow a preamble.
        const at = buf.length >= this.opening.length && buf.subarray(0, this.opening.length).equals(this.opening) ? 0 : indexAfterCrlf(buf, this.delimiter);
        if (at < 0) {
          this.carry = buf.subarray(Math.max(0, buf.length - this.delimiter.length));
          break;
        }
        buf = buf.subarray(at + this.opening.length);
        this.state = 'after-delimiter';
      }
      if (this.state === 'after-delimiter') {
        if (buf.length < 2) {
          this.carry = buf;
          break;
        }
        if (buf[0] === 0x2d && buf[1] === 0x2d) {
          this.state = 'done';
          break;
        }
        // Transport padding (spaces, tabs) may precede the CRLF ending a delimiter line.
        const eol = buf.indexOf(CRLF);
        if (eol < 0) {
          if (buf.length > 256) throw new MultipartSyntaxError('a boundary line does not end with CRLF');
          this.carry = buf;
          break;
        }
        buf = buf.subarray(eol + 2);
        this.state = 'headers';
      }
      if (this.state === 'headers') {
        // A part without headers: the blank line follows the delimiter line directly.
        const end = buf.length >= 2 && buf[0] === 0x0d && buf[1] === 0x0a ? -2 : buf.indexOf(HEADER_END);
        if (end === -1) {
          if (buf.length > MAX_PART_HEADER_BYTES) throw new MultipartSyntaxError(`a part's headers exceed ${MAX_PART_HEADER_BYTES} bytes`);
          this.carry = buf;
          break;
        }
        const headers = end === -2 ? new Map<string, string>() : parseHeaders(buf.subarray(0, end).toString('latin1'));
        buf = buf.subarray(end === -2 ? 2 : end + 4);
        events.push({ kind: 'part-start', headers });
        this.state = 'body';
      }
      if (this.state === 'body') {
        const at = buf.indexOf(this.delimiter);
        if (at < 0) {
          // Keep back what could be the start of a delimiter split across chunks.
          const keep = Math.min(buf.length, this.delimiter.length - 1);
          if (buf.length > keep) events.push({ kind: 'part-data', bytes: buf.subarray(0, buf.length - keep) });
          this.carry = Buffer.from(buf.subarray(buf.length - keep));
          break;
        }
        if (at > 0) events.push({ kind: 'part-data', bytes: buf.subarray(0, at) });
        events.push({ kind: 'part-end' });
        buf = buf.subarray(at + this.delimiter.length);
        this.state = 'after-delimiter';
      }
    }
    return events;
  }

  /** Throws unless the closing delimiter was seen: a body cut short must not pass for a complete one. */
  end(): void {
    if (this.state !== 'done') throw new MultipartSyntaxError('the multipart body ends before its closing boundary');
  }
}

function indexAfterCrlf(buf: Buffer, delimiter: Buffer): number {
  const at = buf.indexOf(delimiter);
  return at < 0 ? -1 : at + 2;
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartSyntaxError(`malformed part header line "${line.slice(0, 60)}"`);
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}
