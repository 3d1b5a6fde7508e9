import type { AcquisitionPlane, Procedure } from '@kerma/rdsr';
import type { KermaReconciliation, SanityFinding } from './types';

/**
 * Σ of the events' Ka,r (as used: reported, or derived from DAP) against the device's own Dose (RP)
 * Total per plane. Per-event values are rounded by the device (Philips writes multiples of ~2.3 µGy,
 * Siemens 0.01 mGy), so a shortfall up to 1 % is rounding; beyond it, dose the events do not carry
 * (events missing from the report, or zeros the DAP could not replace) and the PSD is low by about as much.
 */
export const RECONCILIATION_TOLERANCE = 0.01;

const mGy = (gy: number): string => `${Number((gy * 1000).toPrecision(4))} mGy`;

export function reconcileKerma(procedure: Procedure, usedByPlane: ReadonlyMap<AcquisitionPlane, number>): KermaReconciliation[] {
  const totals = procedure.planes.filter((p) => (p.doseRpTotalGy?.value ?? 0) > 0);
  // One total and the events on another label (e.g. 'single' vs 'unknown'): they are the same plane.
  const lone = totals.length === 1 && !usedByPlane.has(totals[0].plane);
  return totals.map((t) => {
    const deviceTotalGy = t.doseRpTotalGy!.value;
    const eventSumGy = lone ? [...usedByPlane.values()].reduce((s, v) => s + v, 0) : (usedByPlane.get(t.plane) ?? 0);
    const shortfall = 1 - eventSumGy / deviceTotalGy;
    // Below 1e-9 the two sums differ only by the order of the additions.
    return { plane: t.plane, deviceTotalGy, eventSumGy, missingFraction: shortfall > 1e-9 ? shortfall : 0 };
  });
}

export function reconciliationFindings(rows: readonly KermaReconciliation[]): SanityFinding[] {
  return rows
    .filter((r) => r.missingFraction > RECONCILIATION_TOLERANCE)
    .map((r) => ({
      code: 'event-kerma-below-device-total' as const,
      message: `plane ${r.plane}: Σ event Ka,r ${mGy(r.eventSumGy)} is below the device's Dose (RP) Total ${mGy(r.deviceTotalGy)}: ${(
        r.missingFraction * 100
      ).toFixed(1)} % of the reported Ka,r is in no event the engine could use`,
    }));
}
