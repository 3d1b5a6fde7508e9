import { RdsrParseError } from '../model/errors';
import { convertToUnit } from './convert';
import { UNIT_ALIASES, UNIT_TABLE, type CanonicalUnit } from './unit-table';

const m = (value: number, unitCode: string | null, unitScheme: string | null = 'UCUM') => ({ value, unitCode, unitScheme, concept: '122130' });

describe('convertToUnit', () => {
  it.each<[number, string, CanonicalUnit, number]>([
    [2, 'Gy.m2', 'Gy.m2', 2],
    [2, 'Gym2', 'Gy.m2', 2],
    [5, 'dGy.cm2', 'Gy.m2', 5e-5],
    [5, 'cGy.cm2', 'Gy.m2', 5e-6],
    [5, 'Gy.cm2', 'Gy.m2', 5e-4],
    [5, 'mGy.cm2', 'Gy.m2', 5e-7],
    [3, 'mGy', 'Gy', 3e-3],
    [3, 'uGy', 'Gy', 3e-6],
    [9706, 'uAs', 'mA.s', 9.706],
    [9706, 'uA.s', 'mA.s', 9.706],
    [7, 'mA.s', 'mA.s', 7],
    [79.5, 'mA', 'mA', 79.5],
    [7.5, 'pulse/s', '{pulse}/s', 7.5],
    [7.5, '{pulse}/s', '{pulse}/s', 7.5],
    [12, 'cm', 'mm', 120],
    [1.2, 'm', 'mm', 1200],
    [800, 'ms', 's', 0.8],
    [0.8, 's', 'ms', 800],
    [30, 'deg', 'deg', 30],
    [77, 'kV', 'kV', 77],
    [812.4, 'mGycm', 'mGy.cm', 812.4],
    [5, 'dGycm2', 'Gy.m2', 5e-5],
    [7, 'mAs', 'mA.s', 7],
  ])('%p %s → %s = %p', (value, unit, target, expected) => {
    const out = convertToUnit(m(value, unit), target);
    expect(out.value).toBeCloseTo(expected, 12);
    expect(out.provenance).toBe(unit === target ? 'read' : 'converted');
    if (unit !== target) expect(out.note).toBe(`from ${unit}`);
  });

  it('accepts the misspelled UCM coding scheme', () => {
    expect(convertToUnit(m(1, 'mGy', 'UCM'), 'Gy')).toEqual({ value: 1e-3, provenance: 'converted', note: 'from mGy' });
  });

  it.each([
    ['furlong', 'UCUM', /neither a known UCUM unit nor a known alias/],
    ['mGy.cm.s', 'UCUM', /neither a known UCUM unit nor a known alias/],
    [null, 'UCUM', /no unit/],
    ['mGy', '99XYZ', /not UCUM/],
    ['mGy', 'UCUM', /dose unit where dose-area-product/],
  ])('refuses %p (%s) with a typed unknown-unit error naming unit and concept', (unit, scheme, why) => {
    try {
      convertToUnit(m(1, unit, scheme), 'Gy.m2');
      throw new Error('no error');
    } catch (err) {
      expect(err).toBeInstanceOf(RdsrParseError);
      const detail = (err as RdsrParseError).detail;
      expect(detail).toMatchObject({ code: 'unknown-unit', unit: unit ?? '', concept: '122130' });
      expect(detail.message).toMatch(why);
    }
  });

  it('lists every UCUM unit spelling seen in reports, with a positive factor', () => {
    for (const unit of [
      'Gy.m2',
      'dGy.cm2',
      'cGy.cm2',
      'Gy.cm2',
      'mGy.cm2',
      'Gy',
      'mGy',
      'uGy',
      'uA.s',
      'mA.s',
      'mA',
      '{pulse}/s',
      'mm',
      'cm',
      'm',
      's',
      'ms',
      'deg',
      'kV',
      'mGy.cm',
    ]) {
      expect(UNIT_TABLE[unit]?.toBase).toBeGreaterThan(0);
    }
  });

  it('maps every non-UCUM alias seen in the field to a UCUM unit of the table, and no alias is itself in the table', () => {
    for (const alias of ['Gym2', 'mGycm', 'dGycm2', 'uAs', 'mAs', 'pulse/s']) expect(UNIT_ALIASES[alias]).toBeDefined();
    for (const [alias, ucum] of Object.entries(UNIT_ALIASES)) {
      expect(UNIT_TABLE[ucum]).toBeDefined();
      expect(UNIT_TABLE[alias]).toBeUndefined();
    }
  });
});
