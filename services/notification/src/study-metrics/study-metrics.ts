import type { DoseMetric } from '@kerma/contracts';
import { GY_CM2_PER_GY_M2, type PlaneEventSums, type PlaneTotals, type Procedure } from '@kerma/rdsr';

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
  const fluoroS = sumPlanes(procedure, (t) => t.fluoroTimeTotalS?.value, (s) => fluoroscopyDurationS(procedure, s.plane));
  if (doseRp !== null) metrics['reference-air-kerma'] = doseRp;
  if (dap !== null) metrics['kerma-area-product'] = dap * GY_CM2_PER_GY_M2;
  if (fluoroS !== null) metrics['fluoroscopy-time'] = fluoroS / S_PER_MIN;
  return metrics;
}

/** Σ irradiation duration of a plane's fluoroscopy events; null when none reports one. */
function fluoroscopyDurationS(procedure: Procedure, plane: PlaneEventSums['plane']): number | null {
  const durations = procedure.events
    .filter((e) => e.plane === plane && e.type === 'fluoroscopy' && e.irradiationDurationS !== null)
    .map((e) => e.irradiationDurationS!.value);
  return durations.length ? durations.reduce((a, b) => a + b, 0) : null;
}

function sumPlanes(
  procedure: Procedure,
  total: (t: PlaneTotals) => number | undefined,
  eventSum: (s: PlaneEventSums) => number | null,
): number | null {
  const planes = new Set([...procedure.planes.map((p) => p.plane), ...procedure.eventSums.map((s) => s.plane)]);
  let sum: number | null = null;
  for (const plane of planes) {
    const value = deviceTotal(procedure, plane, total) ?? eventTotal(procedure, plane, eventSum);
    if (value !== null) sum = (sum ?? 0) + value;
  }
  return sum;
}

function deviceTotal(procedure: Procedure, plane: PlaneTotals['plane'], total: (t: PlaneTotals) => number | undefined): number | null {
  const reported = procedure.planes.find((p) => p.plane === plane);
  return (reported && total(reported)) ?? null;
}

function eventTotal(procedure: Procedure, plane: PlaneTotals['plane'], eventSum: (s: PlaneEventSums) => number | null): number | null {
  const sums = procedure.eventSums.find((s) => s.plane === plane);
  return sums ? eventSum(sums) : null;
}
