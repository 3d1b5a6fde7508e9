import type { AcquisitionPlane, IrradiationEvent, IrradiationEventType, PlaneEventSums, Quantity } from '../model/procedure';

/**
 * Σ of event quantities per plane. These are Kerma's sums of what each event reports, a different
 * fact from the device's accumulated totals (which include rounding, unreported events, …).
 */

const PLANE_ORDER: readonly AcquisitionPlane[] = ['A', 'B', 'single', 'unknown'];
const NO_EVENTS: Readonly<Record<IrradiationEventType, number>> = { fluoroscopy: 0, stationary: 0, stepping: 0, rotational: 0, unknown: 0 };

/** Null when no event reported the quantity; otherwise the sum of the events that did. */
function sum(events: readonly IrradiationEvent[], pick: (e: IrradiationEvent) => Quantity | null): number | null {
  let total: number | null = null;
  for (const e of events) {
    const q = pick(e);
    if (q !== null) total = (total ?? 0) + q.value;
  }
  return total;
}

export function summarizeEvents(events: readonly IrradiationEvent[]): PlaneEventSums[] {
  return PLANE_ORDER.flatMap((plane) => {
    const ofPlane = events.filter((e) => e.plane === plane);
    if (ofPlane.length === 0) return [];
    const byType = { ...NO_EVENTS };
    for (const e of ofPlane) byType[e.type] += 1;
    return [
      {
        plane,
        eventCount: ofPlane.length,
        eventCountByType: byType,
        dapSumGyM2: sum(ofPlane, (e) => e.dapGyM2),
        doseRpSumGy: sum(ofPlane, (e) => e.doseRpGy),
        irradiationDurationSumS: sum(ofPlane, (e) => e.irradiationDurationS),
      },
    ];
  });
}
