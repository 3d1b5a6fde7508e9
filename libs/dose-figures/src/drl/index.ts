export { doseStatistics, percentileType7, type DoseStatistics } from './percentiles';
export {
  DRL_METRICS,
  DRL_METRIC_IDS,
  drlMetric,
  drlObservations,
  drlStudyContext,
  type DrlFigures,
  type DrlMetric,
  type DrlMetricId,
  type DrlObservation,
  type DrlStudyContext,
} from './drl-metrics';
export { parseDrlTable, type DrlLevel, type DrlTable } from './drl-table';
export { compareWithDrl, matchingLevels, type DrlComparison, type DrlGroupKey } from './drl-comparison';
import UK_NDRL_ADULT_CT_JSON from './uk-ndrl-adult-ct.json';
import { parseDrlTable } from './drl-table';

/** The table shipped with Kerma (validated like any other: a typo in it fails at load). */
export const DEFAULT_DRL_TABLE = parseDrlTable(UK_NDRL_ADULT_CT_JSON, 'uk-ndrl-adult-ct.json (shipped)');
