/**
 * The one table of measurement units. Each UCUM unit maps to a dimension and its factor to that
 * dimension's base unit. Non-UCUM spellings seen in real reports (Gym2, mGycm, uAs, pulse/s, …) are
 * listed apart in UNIT_ALIASES, each naming the UCUM unit it stands for, so that a report using one is
 * read with a warning naming the alias. Anything in neither table is an 'unknown-unit' error, never a
 * silent factor of 1.
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
  | 'percent' // base %
  | 'activity' // base MBq
  | 'dose-equivalent' // base mSv (effective dose)
  | 'volume'; // base ml

export interface UnitDefinition {
  readonly dimension: Dimension;
  readonly toBase: number;
}

const u = (dimension: Dimension, toBase: number): UnitDefinition => ({ dimension, toBase });

export const UNIT_TABLE: Readonly<Record<string, UnitDefinition>> = {
  'Gy.m2': u('dose-area-product', 1),
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
  'uA.s': u('charge', 1e-3),
  'A.s': u('charge', 1e3),

  mA: u('current', 1),
  uA: u('current', 1e-3),
  A: u('current', 1e3),

  '{pulse}/s': u('rate', 1),
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

  Bq: u('activity', 1e-6),
  kBq: u('activity', 1e-3),
  MBq: u('activity', 1),
  GBq: u('activity', 1e3),
  Ci: u('activity', 3.7e4),
  mCi: u('activity', 37),
  uCi: u('activity', 0.037),

  Sv: u('dose-equivalent', 1e3),
  mSv: u('dose-equivalent', 1),
  uSv: u('dose-equivalent', 1e-3),

  ml: u('volume', 1),
  mL: u('volume', 1),
  cm3: u('volume', 1),
  l: u('volume', 1e3),
  L: u('volume', 1e3),
};

/**
 * Non-UCUM spellings written by real devices, each mapped to the UCUM unit it means. Sources: Siemens
 * Artis (Gym2, uAs), GE OEC (pulse/s), Siemens and GE CT (mGycm for DLP), older Philips and Canon units
 * (dGycm2, mGycm2, Gycm2, mAs). An alias is read as its UCUM unit, and the procedure says so in a warning.
 */
export const UNIT_ALIASES: Readonly<Record<string, string>> = {
  Gym2: 'Gy.m2',
  'Gy.m^2': 'Gy.m2',
  'Gy*m2': 'Gy.m2',
  mGym2: 'mGy.m2',
  Gycm2: 'Gy.cm2',
  dGycm2: 'dGy.cm2',
  cGycm2: 'cGy.cm2',
  mGycm2: 'mGy.cm2',
  uGycm2: 'uGy.cm2',
  'mGy*cm2': 'mGy.cm2',
  mGycm: 'mGy.cm',
  'mGy*cm': 'mGy.cm',
  Gycm: 'Gy.cm',
  mAs: 'mA.s',
  uAs: 'uA.s',
  As: 'A.s',
  'pulse/s': '{pulse}/s',
  'pulses/s': '{pulse}/s',
  '{deg}': 'deg',
};

/** The UCUM spelling an alias stands for, or null when `unit` is not an alias. */
export function ucumSpellingOf(unit: string): string | null {
  return Object.prototype.hasOwnProperty.call(UNIT_ALIASES, unit) ? UNIT_ALIASES[unit]! : null;
}

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
  MBq: 'MBq',
  MSv: 'mSv',
  Ml: 'ml',
} as const;

export type CanonicalUnit = (typeof CANONICAL_UNITS)[keyof typeof CANONICAL_UNITS];
