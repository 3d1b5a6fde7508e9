import { SYSTEM, UNIT } from './codes';

export interface FhirQuantity {
  readonly value: number;
  readonly unit: string;
  readonly system: string;
  readonly code: string;
}

/** Twelve significant digits: drops binary noise of unit conversion (0.0123 Gy → 12.3 mGy, not 12.299999999999999). */
function clean(value: number): number {
  return Number(value.toPrecision(12));
}

function ucum(value: number, unit: string): FhirQuantity {
  return { value: clean(value), unit, system: SYSTEM.ucum, code: unit };
}

export const mGyFromGy = (gy: number): FhirQuantity => ucum(gy * 1000, UNIT.mGy);
export const mGy = (mgy: number): FhirQuantity => ucum(mgy, UNIT.mGy);
export const mGyCm = (mgyCm: number): FhirQuantity => ucum(mgyCm, UNIT.mGyCm);
export const mGyCm2FromGyCm2 = (gyCm2: number): FhirQuantity => ucum(gyCm2 * 1000, UNIT.mGyCm2);
export const seconds = (s: number): FhirQuantity => ucum(s, UNIT.s);
