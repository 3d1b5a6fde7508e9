import { summarizeEvents, type IrradiationEvent, type PlaneTotals, type Procedure, type Quantity } from '@kerma/rdsr';

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
 * The study as the union of its current reports (a "continued study" arrives as several reports
 * with disjoint events). Device totals of each plane are added across reports, events are merged
 * in time order, and identity fields come from the most recent report.
 */
export function assembleStudy(reports: readonly Procedure[]): Procedure {
  if (reports.length === 0) throw new Error('a study needs at least one report');
  if (reports.length === 1) return reports[0];
  const latest = [...reports].sort((a, b) => (a.study.contentDateTime ?? '').localeCompare(b.study.contentDateTime ?? '')).at(-1)!;
  const events = mergeEvents(reports.flatMap((r) => r.events));
  return {
    ...latest,
    planes: mergePlanes(reports),
    events,
    eventSums: summarizeEvents(events),
    adaptersApplied: [...new Set(reports.flatMap((r) => r.adaptersApplied))],
    warnings: [...new Set(reports.flatMap((r) => r.warnings))],
  };
}

function mergeEvents(events: readonly IrradiationEvent[]): IrradiationEvent[] {
  const seen = new Set<string>();
  const unique = events.filter((e) => {
    if (!e.uid) return true;
    if (seen.has(e.uid)) return false;
    seen.add(e.uid);
    return true;
  });
  return unique.sort((a, b) => (a.dateTimeStarted ?? '').localeCompare(b.dateTimeStarted ?? ''));
}

function mergePlanes(reports: readonly Procedure[]): PlaneTotals[] {
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
