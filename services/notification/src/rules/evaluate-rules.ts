import type { DoseMetric } from '@kerma/contracts';
import type { AlertRule } from './alert-rule';

export interface Breach {
  readonly rule: AlertRule;
  readonly measured: number;
}

/** The rules a study's metrics reach (≥ threshold). Metrics the study does not report are not evaluated. */
export function evaluateRules(rules: readonly AlertRule[], metrics: Partial<Record<DoseMetric, number>>): Breach[] {
  return rules.flatMap((rule) => {
    const measured = metrics[rule.metric];
    return measured !== undefined && measured >= rule.threshold ? [{ rule, measured }] : [];
  });
}
