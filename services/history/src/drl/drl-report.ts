import { compareWithDrl, doseStatistics, drlMetric, type DoseStatistics, type DrlComparison, type DrlTable } from '@kerma/dose-figures';
import type { DrlQuery } from './drl-query';

/** One group of a DRL report: a device, an examination, a body region and a metric. */
export interface DrlGroupRow {
  readonly device: string | null;
  readonly procedure: string | null;
  readonly bodyRegion: string | null;
  readonly metric: string;
}

export interface DrlGroup extends DrlGroupRow, DoseStatistics {
  readonly unit: string;
  readonly comparisons: readonly DrlComparison[];
}

export interface DrlReport {
  readonly filters: Omit<DrlQuery, 'fromSortKey' | 'toSortKey'>;
  readonly percentileDefinition: string;
  readonly drlTable: { readonly name: string; readonly sources: DrlTable['sources'] };
  readonly assumptions: readonly string[];
  readonly groups: readonly DrlGroup[];
}

export const PERCENTILE_DEFINITION =
  'Linear interpolation between closest ranks (Hyndman & Fan type 7; PostgreSQL percentile_cont): for n sorted values the p-quantile is at rank (n − 1)·p.';

/** Groups in one order whichever database computed them: metric, then device, examination, region (unknown last). */
export function compareGroups(a: DrlGroupRow, b: DrlGroupRow): number {
  const text = (x: string | null, y: string | null) => (x === y ? 0 : x === null ? 1 : y === null ? -1 : x < y ? -1 : 1);
  return text(a.metric, b.metric) || text(a.device, b.device) || text(a.procedure, b.procedure) || text(a.bodyRegion, b.bodyRegion);
}

/** Statistics of each group in JS (the SQLite path), by the same percentile definition as the SQL. */
export function groupStatistics(rows: readonly (DrlGroupRow & { value: number })[]): (DrlGroupRow & DoseStatistics)[] {
  const groups = new Map<string, { key: DrlGroupRow; values: number[] }>();
  for (const r of rows) {
    const id = JSON.stringify([r.metric, r.device, r.procedure, r.bodyRegion]);
    const group = groups.get(id) ?? { key: { device: r.device, procedure: r.procedure, bodyRegion: r.bodyRegion, metric: r.metric }, values: [] };
    group.values.push(r.value);
    groups.set(id, group);
  }
  return [...groups.values()].map((g) => ({ ...g.key, ...doseStatistics(g.values) }));
}

export function drlReport(query: DrlQuery, table: DrlTable, statistics: readonly (DrlGroupRow & DoseStatistics)[]): DrlReport {
  const { fromSortKey, toSortKey, ...filters } = query;
  const assumptions = [
    'Each room is compared by its median with the national DRL (ICRP 135): above the DRL calls for a review, it is not a verdict on one study.',
    "CTDIvol is the highest of the study's sequences; DLP is the device's total, else the complete sum of the acquisitions.",
    "A level matches a group when the group's examination or body region contains one of its match terms: check the examination named in each comparison.",
    ...(query.from !== null || query.to !== null ? ['Studies whose date is unknown are left out of a period.'] : []),
    ...(query.minWeightKg !== null || query.maxWeightKg !== null ? ['With a weight range, studies whose patient weight is unknown are left out.'] : []),
  ];
  return {
    filters,
    percentileDefinition: PERCENTILE_DEFINITION,
    drlTable: { name: table.name, sources: table.sources },
    assumptions,
    groups: [...statistics].sort(compareGroups).map((s) => ({ ...s, unit: drlMetric(s.metric)?.unit ?? '', comparisons: compareWithDrl(table, s, s) })),
  };
}
