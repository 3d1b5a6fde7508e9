import { CUMULATIVE_METRICS } from '../rules/alert-rule';

export type CumulativeMetric = (typeof CUMULATIVE_METRICS)[number];
