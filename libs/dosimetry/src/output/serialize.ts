import type { DoseMap } from '../engine';

/** A dose map as plain JSON: metadata plus the float32 grid, little-endian, base64. */
export interface SerializedDoseMap {
  readonly format: 'kerma-dose-map';
  readonly formatVersion: 1;
  readonly widthCells: number;
  readonly heightCells: number;
  readonly cellSizeMm: number;
  readonly layout: string;
  readonly encoding: 'float32-le-base64';
  readonly data: string;
}

export class InvalidDoseMapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidDoseMapError';
  }
}

export function serializeDoseMap(map: DoseMap): SerializedDoseMap {
  const bytes = new Uint8Array(map.doseGy.length * 4);
  const view = new DataView(bytes.buffer);
  map.doseGy.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return {
    format: 'kerma-dose-map',
    formatVersion: 1,
    widthCells: map.widthCells,
    heightCells: map.heightCells,
    cellSizeMm: map.cellSizeMm,
    layout: map.layout,
    encoding: 'float32-le-base64',
    data: Buffer.from(bytes).toString('base64'),
  };
}

export function deserializeDoseMap(s: SerializedDoseMap): DoseMap {
  if (s.format !== 'kerma-dose-map' || s.formatVersion !== 1 || s.encoding !== 'float32-le-base64') {
    throw new InvalidDoseMapError(`unsupported dose map format ${String(s.format)} v${String(s.formatVersion)} (${String(s.encoding)})`);
  }
  const bytes = Buffer.from(s.data, 'base64');
  const n = s.widthCells * s.heightCells;
  if (bytes.length !== n * 4)
    throw new InvalidDoseMapError(`dose map data holds ${bytes.length} bytes, expected ${n * 4} for ${s.widthCells} × ${s.heightCells} cells`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const doseGy = new Float32Array(n);
  for (let i = 0; i < n; i++) doseGy[i] = view.getFloat32(i * 4, true);
  return { widthCells: s.widthCells, heightCells: s.heightCells, cellSizeMm: s.cellSizeMm, layout: s.layout, doseGy };
}
