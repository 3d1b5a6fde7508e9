import { summarizeEvents, type IrradiationEvent, type PlaneTotals, type Procedure, type Quantity } from '@kerma/rdsr';
import { eventKey } from './event-keys';

type TotalsField = Exclude<keyof PlaneTotals, 'plane' | 'referencePoint' | 'calibrations'>;
const TOTALS_FIELDS: readonly TotalsField[] = [
  'dapTotalGyM2',
  'doseRpTotalGy',
  'fluoroDapTotalGyM2',
  'fluoroDoseRpTotalGy',
  'fluoroTimeTotalS',
  'acquisitionDapTotalGyM2',
  'acquisitionDoseRpTotalGy',
  'acquisitionTimeTotalS',
  'radiographicFramesTotal',
];

/**
 * The study as the union of its current reports. Disjoint reports (a "continued study") add up: events
 * merged in time order, device totals added per plane. Reports that share events (overlap) cannot be
 * added — the shared part would count twice — so their events are merged once each and the device
 * totals of the report with the most events are kept, with a warning.
 */
export function assembleStudy(reports: readonly Procedure[]): Procedure {
  if (reports.length === 0) throw new Error('a study needs at least one report');
  if (reports.length === 1) return reports[0];
  const latest = [...reports].sort((a, b) => (a.study.contentDateTime ?? '').localeCompare(b.study.contentDateTime ?? '')).at(-1)!;
  const events = mergeEvents(reports.flatMap((r) => r.events));
  const overlapping = events.length < reports.reduce((n, r) => n + r.events.length, 0);
  const largest = [...reports].sort((a, b) => b.events.length - a.events.length)[0];
  return {
    ...latest,
    planes: overlapping ? largest.planes : addPlanes(reports),
    events,
    eventSums: summarizeEvents(events),
    adaptersApplied: [...new Set(reports.flatMap((r) => r.adaptersApplied))],
    warnings: [
      ...new Set([
        ...reports.flatMap((r) => r.warnings),
        ...(overlapping
          ? [`${reports.length} reports of the study share irradiation events: device totals are those of report ${largest.study.sopInstanceUid} (${largest.events.length} events), not a sum`]
          : []),
      ]),
    ],
  };
}

function mergeEvents(events: readonly IrradiationEvent[]): IrradiationEvent[] {
  const seen = new Set<string>();
  const unique = events.filter((e) => {
    const key = eventKey(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => (a.dateTimeStarted ?? '').localeCompare(b.dateTimeStarted ?? ''));
}

function addPlanes(reports: readonly Procedure[]): PlaneTotals[] {
  const byPlane = new Map<string, PlaneTotals[]>();
  for (const totals of reports.flatMap((r) => r.planes)) byPlane.set(totals.plane, [...(byPlane.get(totals.plane) ?? []), totals]);
  return [...byPlane.values()].map((list) => {
    const merged: Record<string, unknown> = {
      plane: list[0].plane,
      referencePoint: list.find((t) => t.referencePoint)?.referencePoint ?? null,
      calibrations: list.flatMap((t) => t.calibrations),
    };
    for (const field of TOTALS_FIELDS) merged[field] = sumQuantities(list.map((t) => t[field]));
    return merged as unknown as PlaneTotals;
  });
}

function sumQuantities(values: readonly (Quantity | null)[]): Quantity | null {
  const present = values.filter((v): v is Quantity => v !== null);
  if (present.length === 0) return null;
  if (present.length === 1) return present[0];
  return {
    value: present.reduce((sum, q) => sum + q.value, 0),
    provenance: 'derived',
    note: `sum of the totals of ${present.length} reports of the study${present.length < values.length ? ` (${values.length - present.length} without this total)` : ''}`,
  };
}
