import { summarizeEvents, type AccumulatedAverageGlandularDose, type IrradiationEvent, type PlaneTotals, type Procedure, type Quantity } from '@kerma/rdsr';
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
export function assembleStudy(stored: readonly Procedure[]): Procedure {
  if (stored.length === 0) throw new Error('a study needs at least one report');
  const { counted: reports, notCounted } = countedReports(stored);
  const assembled = reports.length === 1 ? reports[0] : assembleCounted(reports);
  if (notCounted.length === 0) return assembled;
  return {
    ...assembled,
    warnings: [
      ...assembled.warnings,
      `${notCounted.length} object${notCounted.length === 1 ? '' : 's'} read from ${[...new Set(notCounted.map((r) => r.source))].join(' and ')} kept but not counted: the study has a dose report`,
    ],
  };
}

/**
 * A dose report (RDSR, RRDSR) always wins: when the study has one, figures read from image headers or
 * dose screens are kept but not counted, whichever arrived first, so nothing is counted twice.
 */
function countedReports(stored: readonly Procedure[]): { counted: readonly Procedure[]; notCounted: readonly Procedure[] } {
  const reports = stored.filter(isDoseReport);
  if (reports.length === 0 || reports.length === stored.length) return { counted: stored, notCounted: [] };
  return { counted: reports, notCounted: stored.filter((r) => !isDoseReport(r)) };
}

/** Reports kept before `source` existed have none: they were all dose reports. */
function isDoseReport(p: Procedure): boolean {
  return p.source !== 'image-header' && p.source !== 'dose-screen';
}

function assembleCounted(reports: readonly Procedure[]): Procedure {
  const latest = [...reports].sort((a, b) => (a.study.contentDateTime ?? '').localeCompare(b.study.contentDateTime ?? '')).at(-1)!;
  const events = mergeEvents(reports.flatMap((r) => r.events));
  const overlapping = events.length < reports.reduce((n, r) => n + r.events.length, 0);
  const largest = [...reports].sort((a, b) => b.events.length - a.events.length)[0];
  return {
    ...latest,
    planes: overlapping ? largest.planes : addPlanes(reports),
    events,
    eventSums: summarizeEvents(events),
    mammography: latest.source === 'image-header' ? headerMammography(reports) : latest.mammography,
    // `?? null`: reports kept before the field existed lack it.
    nuclearMedicine: (latest.nuclearMedicine ?? null) === null ? null : { administrations: mergeAdministrations(reports) },
    adaptersApplied: [...new Set(reports.flatMap((r) => r.adaptersApplied))],
    warnings: [
      ...new Set([
        ...reports.flatMap((r) => r.warnings),
        ...(overlapping
          ? [
              `${reports.length} reports of the study share irradiation events: device totals are those of report ${largest.study.sopInstanceUid} (${largest.events.length} events), not a sum`,
            ]
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

/** The images of a mammography study each give their breast's glandular dose: the study's is their sum per breast. */
function headerMammography(reports: readonly Procedure[]): Procedure['mammography'] {
  const doses = reports.flatMap((r) => r.mammography?.accumulatedAverageGlandularDose ?? []);
  if (doses.length === 0) return reports.some((r) => r.mammography !== null) ? { accumulatedAverageGlandularDose: [] } : null;
  const bySide = new Map<AccumulatedAverageGlandularDose['laterality'], Quantity[]>();
  for (const d of doses) bySide.set(d.laterality, [...(bySide.get(d.laterality) ?? []), d.doseMGy]);
  return {
    accumulatedAverageGlandularDose: [...bySide.entries()].map(([laterality, values]) => ({
      laterality,
      doseMGy:
        values.length === 1
          ? values[0]!
          : { value: values.reduce((sum, q) => sum + q.value, 0), provenance: 'derived', note: `sum of the Organ Dose (0040,0316) of ${values.length} images` },
    })),
  };
}

/** Administrations of all reports of the study, each once (by its UID when it has one). */
function mergeAdministrations(reports: readonly Procedure[]) {
  const seen = new Set<string>();
  return reports
    .flatMap((r) => r.nuclearMedicine?.administrations ?? [])
    .filter((a) => {
      if (a.uid === null) return true;
      if (seen.has(a.uid)) return false;
      seen.add(a.uid);
      return true;
    });
}
