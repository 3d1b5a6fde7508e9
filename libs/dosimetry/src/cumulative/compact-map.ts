import { endianness } from 'node:os';
import { gunzipSync, gzipSync } from 'node:zlib';
import { InvalidDoseMapError } from '../output/serialize';

/**
 * A dose grid as few bytes as it takes: float32 little-endian, gzip (off-body NaN and unexposed zero
 * cells compress to almost nothing). `encodeDoseGrid` gives the bytes for binary storage;
 * `toBase64`/`fromBase64` carry them inside JSON (events).
 */
const LITTLE_ENDIAN = endianness() === 'LE';

export function encodeDoseGrid(doseGy: Float32Array): Buffer {
  if (LITTLE_ENDIAN) return gzipSync(new Uint8Array(doseGy.buffer, doseGy.byteOffset, doseGy.byteLength));
  const bytes = Buffer.alloc(doseGy.length * 4);
  for (let i = 0; i < doseGy.length; i++) bytes.writeFloatLE(doseGy[i], i * 4);
  return gzipSync(bytes);
}

export function decodeDoseGrid(compressed: Uint8Array, cellCount: number): Float32Array {
  let bytes: Buffer;
  try {
    bytes = gunzipSync(compressed);
  } catch (err) {
    throw new InvalidDoseMapError(`dose grid is not gzip data: ${(err as Error).message}`);
  }
  if (bytes.length !== cellCount * 4) throw new InvalidDoseMapError(`dose grid holds ${bytes.length} bytes, expected ${cellCount * 4} for ${cellCount} cells`);
  if (LITTLE_ENDIAN) return new Float32Array(new Uint8Array(bytes).buffer);
  const doseGy = new Float32Array(cellCount);
  for (let i = 0; i < cellCount; i++) doseGy[i] = bytes.readFloatLE(i * 4);
  return doseGy;
}
