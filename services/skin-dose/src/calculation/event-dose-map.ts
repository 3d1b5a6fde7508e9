import type { SkinDoseMapV1 } from '@kerma/contracts';
import { deserializeDoseMap, encodeDoseGrid, mapSurfaceOf, type SerializedDoseMap, type SkinDoseOptions } from '@kerma/dosimetry';
import type { SkinDoseFigures } from './skin-dose-figures';

/**
 * The stored map as the event carries it: the surface it was computed on (rebuilt from the result's
 * phantom and the engine options) and the grid as gzip-compressed float32, base64.
 */
export function eventDoseMap(
  result: SkinDoseFigures,
  stored: SerializedDoseMap | null,
  engine: Pick<SkinDoseOptions, 'cylinder' | 'plane'>,
): SkinDoseMapV1 | null {
  if (!stored) return null;
  const map = deserializeDoseMap(stored);
  return {
    surface: mapSurfaceOf(result, engine),
    widthCells: map.widthCells,
    heightCells: map.heightCells,
    encoding: 'float32-le-gzip-base64',
    data: encodeDoseGrid(map.doseGy).toString('base64'),
  };
}
