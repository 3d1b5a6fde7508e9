import type { DrlReport } from '../drl/drl-report';
import type { Cell } from './export-table';

export const DRL_EXPORT_HEADERS = [
  'metric',
  'unit',
  'device',
  'procedure',
  'bodyRegion',
  'count',
  'median',
  'p75',
  'drlLevelId',
  'drlExamination',
  'drlValue',
  'drlPer',
  'medianToDrl',
  'medianAboveDrl',
  'drlSource',
];

/** One row per group and matching DRL (a group no level matches has one row with the DRL columns empty). */
export function drlExportRows(report: DrlReport): Cell[][] {
  return report.groups.flatMap((g) => {
    const lead: Cell[] = [g.metric, g.unit, g.device, g.procedure, g.bodyRegion, g.count, g.median, g.p75];
    if (g.comparisons.length === 0) return [[...lead, null, null, null, null, null, null, null]];
    return g.comparisons.map((c) => [...lead, c.levelId, c.examination, c.drlValue, c.per, c.medianToDrl, c.medianAboveDrl, c.source]);
  });
}
