/**
 * Inverse-square correction from the reference point to a skin cell: the air kerma the dose report
 * gives at distance dRef from the focal spot, carried to distance dCell (point source in vacuum).
 */
export function inverseSquareFactor(referenceDistanceMm: number, cellDistanceMm: number): number {
  const r = referenceDistanceMm / cellDistanceMm;
  return r * r;
}
