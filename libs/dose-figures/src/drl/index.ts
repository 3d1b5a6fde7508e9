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
export { combineDrlTables, type DrlTablePart } from './drl-table-set';
export {
  DEFAULT_DRL_TABLE,
  DEFAULT_DRL_TABLE_NAMES,
  SHIPPED_DRL_TABLE_NAMES,
  SHIPPED_DRL_TABLES,
  isShippedDrlTableName,
  type ShippedDrlTableName,
} from './shipped-drl-tables';
export { compareWithDrl, matchingLevels, type DrlComparison, type DrlGroupKey } from './drl-comparison';
