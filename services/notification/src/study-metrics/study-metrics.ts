import type { DoseMetric } from '@kerma/contracts';
import type { PlaneTotals, PlaneEventSums, Procedure } from '@kerma/rdsr';

const GY_M2_TO_GY_CM2 = 1e4;
const S_PER_MIN = 60;

/**
 * Study totals over all planes, from the device's accumulated totals (TID 10002). Where a plane has
 * no device total, the sum of its events stands in: an alert must not be missed because a vendor
 * left a total out.
 */
export function studyMetrics(procedure: Procedure): Partial<Record<DoseMetric, number>> {
  const metrics: Partial<Record<DoseMetric, number>> = {};
  const doseRp = sumPlanes(procedure, (t) => t.doseRpTotalGy?.value, (s) => s.doseRpSumGy);
  const dap = sumPlanes(procedure, (t) => t.dapTotalGyM2?.value, (s) => s.dapSumGyM2);
  const fluoroS = sumPlanes(procedure, (t) => t.fluoroTimeTotalS?.value, () => null);
  if (doseRp !== null) metrics['reference-air-kerma'] = doseRp;
  if (dap !== null) metrics['kerma-area-product'] = dap * GY_M2_TO_GY_CM2;
  if (fluoroS !== null) metrics['fluoroscopy-time'] = fluoroS / S_PER_MIN;
  return metrics;
}

function sumPlanes(
  procedure: Procedure,
  total: (t: PlaneTotals) => number | undefined,
  eventSum: (s: PlaneEventSums) => number | null,
): number | null {
  const planes = new Set([...procedure.planes.map((p) => p.plane), ...procedure.eventSums.map((s) => s.plane)]);
  let sum: number | null = null;
  for (const plane of planes) {
    const reported = procedure.planes.find((p) => p.plane === plane);
    const value = (reported && total(reported)) ?? (() => {
      const sums = procedure.eventSums.find((s) => s.plane === plane);
      return sums ? eventSum(sums) : null;
    })();
    if (value !== null && value !== undefined) sum = (sum ?? 0) + value;
  }
  return sum;
}
