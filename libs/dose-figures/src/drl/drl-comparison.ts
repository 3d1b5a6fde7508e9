import type { DoseStatistics } from './percentiles';
import type { DrlLevel, DrlTable } from './drl-table';

/**
 * A group's median compared with the national DRL. Surveys set a DRL at the third quartile of the
 * rooms' medians, so a room is compared by its median (ICRP 135): above the DRL means "review",
 * not "wrong". The comparison says which level it used and why it matched.
 */
export interface DrlComparison {
  readonly levelId: string;
  readonly examination: string;
  readonly drlValue: number;
  readonly unit: string;
  readonly per: string;
  readonly source: string;
  /** median / DRL; null when the group has no median. */
  readonly medianToDrl: number | null;
  readonly medianAboveDrl: boolean | null;
}

export interface DrlGroupKey {
  readonly metric: string;
  readonly procedure: string | null;
  readonly bodyRegion: string | null;
}

/** The levels of the metric whose match strings the group's procedure or body region contains. */
export function matchingLevels(table: DrlTable, group: DrlGroupKey): DrlLevel[] {
  const haystack = [group.procedure, group.bodyRegion].filter((s): s is string => !!s).map((s) => s.toLowerCase());
  return table.levels.filter((l) => l.metric === group.metric && l.match.some((m) => haystack.some((h) => h.includes(m.toLowerCase()))));
}

export function compareWithDrl(table: DrlTable, group: DrlGroupKey, stats: DoseStatistics): DrlComparison[] {
  return matchingLevels(table, group).map((l) => ({
    levelId: l.id,
    examination: l.clinicalIndication ? `${l.examination} (${l.clinicalIndication})` : l.examination,
    drlValue: l.value,
    unit: l.unit,
    per: l.per,
    source: table.sources[l.source].title,
    medianToDrl: stats.median === null ? null : stats.median / l.value,
    medianAboveDrl: stats.median === null ? null : stats.median > l.value,
  }));
}
