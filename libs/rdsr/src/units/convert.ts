import { RdsrParseError } from '../model/errors';
import type { ProvenanceKind } from '../model/procedure';
import { UNIT_SCHEMES, UNIT_TABLE, ucumSpellingOf, type CanonicalUnit } from './unit-table';

export interface ReportedMeasurement {
  readonly value: number;
  readonly unitScheme: string | null;
  readonly unitCode: string | null;
  /** Code value of the concept measured, for error messages. */
  readonly concept: string;
}

export interface ConvertedValue {
  readonly value: number;
  readonly provenance: Extract<ProvenanceKind, 'read' | 'converted'>;
  readonly note?: string;
}

function unknownUnit(unit: string, concept: string, why: string): never {
  throw new RdsrParseError({ code: 'unknown-unit', message: `unit "${unit}" of concept ${concept}: ${why}`, unit, concept });
}

/**
 * Converts a reported measurement to `target`; a non-UCUM alias is read as the UCUM unit it stands
 * for (the parser warns about it, see unit-alias-warnings.ts). Throws an 'unknown-unit' RdsrParseError
 * when the unit is missing, in neither unit table, from another coding scheme, or of another dimension.
 */
export function convertToUnit(m: ReportedMeasurement, target: CanonicalUnit): ConvertedValue {
  const unit = m.unitCode ?? '';
  if (m.unitCode === null) unknownUnit('', m.concept, 'the measurement has no unit');
  if (m.unitScheme !== null && !UNIT_SCHEMES.has(m.unitScheme)) unknownUnit(unit, m.concept, `coding scheme ${m.unitScheme} is not UCUM`);
  const from = UNIT_TABLE[ucumSpellingOf(unit) ?? unit];
  if (!from) unknownUnit(unit, m.concept, 'neither a known UCUM unit nor a known alias');
  const to = UNIT_TABLE[target]!;
  if (from.dimension !== to.dimension) unknownUnit(unit, m.concept, `a ${from.dimension} unit where ${to.dimension} (${target}) is expected`);
  if (unit === target) return { value: m.value, provenance: 'read' };
  const factor = from.toBase / to.toBase;
  return { value: factor === 1 ? m.value : m.value * factor, provenance: 'converted', note: `from ${unit}` };
}
