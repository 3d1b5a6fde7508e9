import type { Phantom } from '../phantoms';
import type { Placement } from '../geometry';
import { placePhantom, type PlacedPhantom } from './placed-phantom';

/**
 * Phantoms and their placed, tiled copies are immutable and depend only on their parameters, so a
 * service computing study after study reuses them (bounded, least recently used first out).
 */
// Room for the study's own phantom and the ≤ 18 coarse ones of the uncertainty sampling (9 bodies × 2 orientations).
const LIMIT = 32;
const phantoms = new Map<string, Phantom>();
const placed = new Map<string, PlacedPhantom>();

function remember<T>(cache: Map<string, T>, key: string, make: () => T): T {
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const value = make();
  cache.set(key, value);
  if (cache.size > LIMIT) cache.delete(cache.keys().next().value as string);
  return value;
}

export function cachedPhantom(key: string, build: () => Phantom): Phantom {
  return remember(phantoms, key, build);
}

export function cachedPlacement(phantomKey: string, phantom: Phantom, p: Placement): PlacedPhantom {
  return remember(placed, `${phantomKey}|${p.sx},${p.sy},${p.sz},${p.ty},${p.tz}`, () => placePhantom(phantom, p));
}
