import { serializeDoseMap } from '@kerma/dosimetry';
import { compressStoredDoseMap, DOSE_MAP_COLUMN, expandStoredDoseMap } from './dose-map-column';

describe('stored dose map (float32 gzip, as the event carries it)', () => {
  // A map like the engine's: NaN off the body, zero where unexposed, a smooth dose field in the beam.
  const width = 91;
  const height = 93;
  const doseGy = new Float32Array(width * height).map((_, i) => {
    const x = i % width;
    const y = Math.floor(i / width);
    if (x < 5 || x > 85) return NaN;
    const r2 = (x - 45) ** 2 + (y - 46) ** 2;
    return r2 > 400 ? 0 : 2.5 * Math.exp(-r2 / 150) * (1 + 0.01 * Math.sin(i));
  });
  const serialized = serializeDoseMap({ widthCells: width, heightCells: height, cellSizeMm: 10, layout: 'cylinder-unrolled', doseGy });

  it('reads back bit-identical, in far fewer bytes than the plain float32 base64', () => {
    const stored = DOSE_MAP_COLUMN.to(serialized) as string;
    expect(DOSE_MAP_COLUMN.from(stored)).toEqual(serialized);
    expect(stored.length).toBeLessThan(JSON.stringify(serialized).length / 4);
  });

  it('migrations compress a map stored the old way, leave a compressed one, and revert it', () => {
    const old = JSON.stringify(serialized);
    const compressed = compressStoredDoseMap(old)!;
    expect(compressStoredDoseMap(compressed)).toBeNull();
    expect(JSON.parse(expandStoredDoseMap(compressed)!)).toEqual(serialized);
    expect(expandStoredDoseMap(old)).toBeNull();
    expect(DOSE_MAP_COLUMN.to(null)).toBeNull();
    expect(DOSE_MAP_COLUMN.from(null)).toBeNull();
  });
});
