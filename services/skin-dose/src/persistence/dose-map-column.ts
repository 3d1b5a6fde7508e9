import type { ValueTransformer } from 'typeorm';
import { decodeDoseGrid, deserializeDoseMap, encodeDoseGrid, serializeDoseMap, type SerializedDoseMap } from '@kerma/dosimetry';

/**
 * The stored dose map: the serialized map's fields with the grid as kerma.skin-dose.calculated.v1 carries
 * it, float32 little-endian gzip (unexposed and off-body cells compress to almost nothing; a human
 * phantom's 8,000–10,000 cells take ~5 kB instead of ~35 kB). Lossless: the grid reads back bit-identical.
 */
interface StoredDoseMap extends Omit<SerializedDoseMap, 'encoding'> {
  readonly encoding: 'float32-le-gzip-base64';
}

export function storedDoseMap(map: SerializedDoseMap): string {
  const stored: StoredDoseMap = { ...map, encoding: 'float32-le-gzip-base64', data: encodeDoseGrid(deserializeDoseMap(map).doseGy).toString('base64') };
  return JSON.stringify(stored);
}

export function serializedDoseMap(stored: string): SerializedDoseMap {
  const map = JSON.parse(stored) as StoredDoseMap;
  const doseGy = decodeDoseGrid(Buffer.from(map.data, 'base64'), map.widthCells * map.heightCells);
  return serializeDoseMap({ widthCells: map.widthCells, heightCells: map.heightCells, cellSizeMm: map.cellSizeMm, layout: map.layout, doseGy });
}

/** Migrations: a map stored the old way (plain float32 base64) is compressed; a compressed one stays. */
export function compressStoredDoseMap(stored: string): string | null {
  const map = JSON.parse(stored) as SerializedDoseMap | StoredDoseMap;
  return map.encoding === 'float32-le-base64' ? storedDoseMap(map) : null;
}

/** Reverting that migration: a compressed map is stored the old way again. */
export function expandStoredDoseMap(stored: string): string | null {
  const map = JSON.parse(stored) as SerializedDoseMap | StoredDoseMap;
  return map.encoding === 'float32-le-gzip-base64' ? JSON.stringify(serializedDoseMap(stored)) : null;
}

export const DOSE_MAP_COLUMN: ValueTransformer = {
  to: (map: SerializedDoseMap | null | undefined) => (map === null || map === undefined ? map : storedDoseMap(map)),
  from: (stored: string | null) => (stored === null ? null : serializedDoseMap(stored)),
};
