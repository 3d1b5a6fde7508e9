import { z } from 'zod';
import { DOSE_METRICS, DOSE_METRIC_UNITS, type DoseMetric } from '@kerma/contracts';

export const alertRuleSchema = z.object({
  id: z.string().max(64).regex(/^[a-z0-9][a-z0-9.-]*$/, 'lower-case letters, digits, . and -'),
  metric: z.enum(DOSE_METRICS),
  /** In the metric's unit: Gy, Gy.cm2 or min (see DOSE_METRIC_UNITS). */
  threshold: z.number().positive(),
  level: z.string().min(1).max(32),
  description: z.string().min(1).max(256),
  reference: z.string().min(1).max(256),
});
export type AlertRule = z.infer<typeof alertRuleSchema>;

/**
 * Substantial radiation dose levels (SRDL) for fluoroscopically guided interventions:
 * NCRP Report 168 (2010) and SIR guidelines (Stecker et al., JVIR 2009;20:S263).
 */
export const DEFAULT_ALERT_RULES: readonly AlertRule[] = [
  {
    id: 'srdl.peak-skin-dose',
    metric: 'peak-skin-dose',
    threshold: 3,
    level: 'srdl',
    description: 'Peak skin dose at or above 3 Gy: patient follow-up for skin injury',
    reference: 'NCRP Report 168 (2010); Stecker et al., JVIR 2009;20:S263',
  },
  {
    id: 'srdl.reference-air-kerma',
    metric: 'reference-air-kerma',
    threshold: 5,
    level: 'srdl',
    description: 'Total reference air kerma Ka,r (all planes) at or above 5 Gy',
    reference: 'NCRP Report 168 (2010); Stecker et al., JVIR 2009;20:S263',
  },
  {
    id: 'srdl.kerma-area-product',
    metric: 'kerma-area-product',
    threshold: 500,
    level: 'srdl',
    description: 'Total kerma-area product at or above 500 Gy·cm² (all planes)',
    reference: 'NCRP Report 168 (2010); Stecker et al., JVIR 2009;20:S263',
  },
  {
    id: 'srdl.fluoroscopy-time',
    metric: 'fluoroscopy-time',
    threshold: 60,
    level: 'srdl',
    description: 'Total fluoroscopy time at or above 60 min',
    reference: 'NCRP Report 168 (2010); Stecker et al., JVIR 2009;20:S263',
  },
];

/** Parses a rule set (e.g. from KERMA_ALERT_RULES), naming the offending rule and field. */
export function parseAlertRules(json: string): AlertRule[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new Error(`alert rules are not valid JSON: ${(err as Error).message}`);
  }
  const rules = z.array(alertRuleSchema).min(1).parse(raw);
  const ids = new Set<string>();
  const metricLevels = new Set<string>();
  for (const rule of rules) {
    if (ids.has(rule.id)) throw new Error(`alert rule id "${rule.id}" is used twice`);
    // An alert is unique per (study, metric, level): a second rule with the same pair could never fire.
    const pair = `${rule.metric} / ${rule.level}`;
    if (metricLevels.has(pair)) throw new Error(`alert rule "${rule.id}": another rule already has metric and level ${pair}; give each threshold its own level`);
    ids.add(rule.id);
    metricLevels.add(pair);
  }
  return rules;
}

export function unitOf(metric: DoseMetric): string {
  return DOSE_METRIC_UNITS[metric];
}
