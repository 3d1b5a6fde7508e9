/**
 * The one table of measurement units. Each unit maps to a dimension and its factor to that
 * dimension's base unit. Spellings seen in real reports (Gym2, uAs, pulse/s, …) are listed beside
 * the UCUM ones; anything absent here is an 'unknown-unit' error, never a silent factor of 1.
 */

export type Dimension =
  | 'dose-area-product' // base Gy.m2
  | 'dose' // base Gy
  | 'dose-length-product' // base mGy.cm
  | 'charge' // base mA.s
  | 'current' // base mA
  | 'rate' // base 1/s
  | 'length' // base mm
  | 'area' // base m2
  | 'time' // base s
  | 'angle' // base deg
  | 'voltage' // base kV
  | 'mass' // base kg
  | 'age' // base a (years)
  | 'count' // base 1
  | 'percent'; // base %

export interface UnitDefinition {
  readonly dimension: Dimension;
  readonly toBase: number;
}

const u = (dimension: Dimension, toBase: number): UnitDefinition => ({ dimension, toBase });

export const UNIT_TABLE: Readonly<Record<string, UnitDefinition>> = {
  'Gy.m2': u('dose-area-product', 1),
  Gym2: u('dose-area-product', 1),
  'Gy.m^2': u('dose-area-product', 1),
  'mGy.m2': u('dose-area-product', 1e-3),
  'uGy.m2': u('dose-area-product', 1e-6),
  'Gy.cm2': u('dose-area-product', 1e-4),
  'dGy.cm2': u('dose-area-product', 1e-5),
  'cGy.cm2': u('dose-area-product', 1e-6),
  'mGy.cm2': u('dose-area-product', 1e-7),
  'uGy.cm2': u('dose-area-product', 1e-10),
  'uGy.dm2': u('dose-area-product', 1e-8),

  Gy: u('dose', 1),
  dGy: u('dose', 1e-1),
  cGy: u('dose', 1e-2),
  mGy: u('dose', 1e-3),
  uGy: u('dose', 1e-6),

  'mGy.cm': u('dose-length-product', 1),
  'mGy.mm': u('dose-length-product', 0.1),
  'Gy.cm': u('dose-length-product', 1e3),

  'mA.s': u('charge', 1),
  mAs: u('charge', 1),
  'uA.s': u('charge', 1e-3),
  uAs: u('charge', 1e-3),
  'A.s': u('charge', 1e3),

  mA: u('current', 1),
  uA: u('current', 1e-3),
  A: u('current', 1e3),

  '{pulse}/s': u('rate', 1),
  'pulse/s': u('rate', 1),
  '{pulses}/s': u('rate', 1),
  '{frame}/s': u('rate', 1),
  '{frames}/s': u('rate', 1),
  '/s': u('rate', 1),
  '1/s': u('rate', 1),
  Hz: u('rate', 1),

  um: u('length', 1e-3),
  mm: u('length', 1),
  cm: u('length', 10),
  m: u('length', 1e3),

  mm2: u('area', 1e-6),
  cm2: u('area', 1e-4),
  m2: u('area', 1),

  us: u('time', 1e-6),
  ms: u('time', 1e-3),
  s: u('time', 1),
  min: u('time', 60),
  h: u('time', 3600),

  deg: u('angle', 1),
  '{deg}': u('angle', 1),

  V: u('voltage', 1e-3),
  kV: u('voltage', 1),

  g: u('mass', 1e-3),
  kg: u('mass', 1),

  a: u('age', 1),
  mo: u('age', 1 / 12),
  wk: u('age', 7 / 365.25),
  d: u('age', 1 / 365.25),

  '1': u('count', 1),
  '{pulse}': u('count', 1),
  '{pulses}': u('count', 1),
  '{frame}': u('count', 1),
  '{frames}': u('count', 1),
  '{events}': u('count', 1),
  '{X-Ray pulses}': u('count', 1),

  '%': u('percent', 1),
};

/** Coding schemes whose codes are the unit spellings above (UCM is a misspelling seen in the field). */
export const UNIT_SCHEMES: ReadonlySet<string> = new Set(['UCUM', 'UCM']);

/** The unit each model field is expressed in, and the spelling that counts as "read as reported". */
export const CANONICAL_UNITS = {
  GyM2: 'Gy.m2',
  Gy: 'Gy',
  MGy: 'mGy',
  MGyCm: 'mGy.cm',
  MAs: 'mA.s',
  MA: 'mA',
  PerS: '{pulse}/s',
  Mm: 'mm',
  M: 'm',
  M2: 'm2',
  S: 's',
  Ms: 'ms',
  Deg: 'deg',
  KV: 'kV',
  Kg: 'kg',
  Years: 'a',
  Count: '1',
  Percent: '%',
} as const;

export type CanonicalUnit = (typeof CANONICAL_UNITS)[keyof typeof CANONICAL_UNITS];
