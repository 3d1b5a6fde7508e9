import { inflateSync } from 'node:zlib';

/** A decoded 8-bit image: `channels` bytes per pixel, row-major. */
export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  /** 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA. */
  readonly channels: 1 | 2 | 3 | 4;
  readonly data: Uint8Array;
}

export class InvalidPngError extends Error {
  override readonly name = 'InvalidPngError';
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Readonly<Record<number, 1 | 2 | 3 | 4>> = { 0: 1, 4: 2, 2: 3, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undoes the per-row filters (PNG spec §9) in place; `bpp` bytes per pixel. */
function unfilter(raw: Uint8Array, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = out.subarray(y * stride, (y + 1) * stride);
    const up = y > 0 ? out.subarray((y - 1) * stride, y * stride) : null;
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? row[i - bpp] : 0;
      const b = up ? up[i] : 0;
      const c = up && i >= bpp ? up[i - bpp] : 0;
      const x = src[i];
      switch (filter) {
        case 0:
          row[i] = x;
          break;
        case 1:
          row[i] = x + a;
          break;
        case 2:
          row[i] = x + b;
          break;
        case 3:
          row[i] = x + ((a + b) >> 1);
          break;
        case 4:
          row[i] = x + paeth(a, b, c);
          break;
        default:
          throw new InvalidPngError(`row ${y} has unknown filter type ${filter}`);
      }
    }
  }
  return out;
}

/**
 * Minimal PNG reader for film scans: 8-bit greyscale, grey + alpha, RGB or RGBA, not interlaced (what
 * flatbed scanner software writes for film dosimetry). Anything else is refused with the reason: a
 * 16-bit scan must be exported as 8-bit (or as a point CSV) before import.
 */
export function decodePng(bytes: Uint8Array): DecodedImage {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) throw new InvalidPngError('not a PNG file (signature missing)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let header: { width: number; height: number; channels: 1 | 2 | 3 | 4 } | null = null;
  const idat: Uint8Array[] = [];
  while (offset + 8 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (offset + 12 + length > bytes.length) throw new InvalidPngError(`chunk ${type} is truncated`);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      const width = view.getUint32(offset + 8);
      const height = view.getUint32(offset + 12);
      const [depth, colour, , , interlace] = data.subarray(8, 13);
      const channels = CHANNELS[colour];
      if (depth !== 8 || channels === undefined)
        throw new InvalidPngError(`only 8-bit greyscale or RGB(A) PNG is read, got bit depth ${depth}, colour type ${colour}`);
      if (interlace !== 0) throw new InvalidPngError('interlaced PNG is not read: save the scan without interlacing');
      if (width === 0 || height === 0) throw new InvalidPngError('image has no pixels');
      header = { width, height, channels };
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
    offset += 12 + length;
  }
  if (!header) throw new InvalidPngError('IHDR chunk missing');
  if (idat.length === 0) throw new InvalidPngError('no image data (IDAT) chunk');
  let raw: Uint8Array;
  try {
    raw = new Uint8Array(inflateSync(Buffer.concat(idat)));
  } catch (err) {
    throw new InvalidPngError(`image data does not inflate: ${(err as Error).message}`);
  }
  const expected = header.height * (header.width * header.channels + 1);
  if (raw.length < expected) throw new InvalidPngError(`image data holds ${raw.length} bytes, ${expected} expected for ${header.width} × ${header.height}`);
  return { ...header, data: unfilter(raw, header.width, header.height, header.channels) };
}
