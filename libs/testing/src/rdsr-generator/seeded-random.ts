/**
 * A small deterministic PRNG (mulberry32) so that a seed fully determines a generated report:
 * the same spec must always produce the same bytes, on every machine.
 */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  /** Integer in [min, max]. */
  integer(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** A fresh generator derived from this one and a label, so that adding draws in one place does not shift another. */
  fork(label: string): SeededRandom;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, used to mix a seed with a text label. */
export function hash32(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function seededRandom(seed: number): SeededRandom {
  const draw = mulberry32(seed);
  const random: SeededRandom = {
    next: draw,
    between: (min, max) => min + (max - min) * draw(),
    integer: (min, max) => min + Math.floor((max - min + 1) * draw()),
    pick: (items) => items[Math.floor(items.length * draw())],
    fork: (label) => seededRandom(hash32(label, seed)),
  };
  return random;
}

/**
 * A deterministic UID under the `2.25` root (UUID-derived UIDs, PS3.5 B.2): 2.25 followed by a decimal
 * number. Derived from the seed and a label so that every object and event gets a stable, distinct UID.
 */
export function deterministicUid(seed: number, label: string): string {
  let digits = '';
  let h = hash32(`${seed}:${label}`);
  for (let round = 0; round < 4; round++) {
    h = hash32(`${round}:${label}`, h);
    digits += String(h).padStart(10, '0');
  }
  return `2.25.${digits.replace(/^0+/, '') || '0'}`;
}
