import { z } from 'zod';
import { ALERT_KINDS, DOSE_METRICS, DOSE_METRIC_UNITS, type DoseMetric } from '@kerma/contracts';

const values = z.array(z.string().min(1).max(128)).min(1);

/**
 * Which studies a rule applies to; every criterion given must hold (absent: any). A study whose value
 * is unknown for a criterion does not match it. Age: minYears inclusive, maxYears exclusive.
 */
export const ruleMatchSchema = z
  .object({
    sites: values.optional(),
    /** Station name or device observer UID of the room's system. */
    devices: values.optional(),
    /** Procedure reported (code value). */
    procedureCodes: values.optional(),
    /** Acquisition protocol of any event, or the study description. */
    protocols: values.optional(),
    ageYears: z
      .object({ minYears: z.number().nonnegative().optional(), maxYears: z.number().positive().optional() })
      .strict()
      .refine((a) => a.minYears !== undefined || a.maxYears !== undefined, 'give minYears, maxYears or both')
      .refine((a) => a.minYears === undefined || a.maxYears === undefined || a.minYears < a.maxYears, 'minYears must be below maxYears')
      .optional(),
  })
  .strict();
export type RuleMatch = z.infer<typeof ruleMatchSchema>;

/** Metrics that add up over a patient's window: the cumulative PSD (summed skin dose maps) and Σ Ka,r. */
export const CUMULATIVE_METRICS = ['peak-skin-dose', 'reference-air-kerma'] as const satisfies readonly DoseMetric[];

export const DEFAULT_WINDOW_DAYS = 60;

export const alertRuleSchema = z
  .object({
    id: z
      .string()
      .max(64)
      .regex(/^[a-z0-9][a-z0-9.-]*$/, 'lower-case letters, digits, . and -'),
    /** study: one study's figure; cumulative: the patient's figure over windowDays; already-above: a new study on a patient whose earlier studies in the window reach the threshold. */
    kind: z.enum(ALERT_KINDS).default('study'),
    metric: z.enum(DOSE_METRICS),
    /** In the metric's unit: Gy, Gy.cm2 or min (see DOSE_METRIC_UNITS). */
    threshold: z.number().positive(),
    level: z.string().min(1).max(32),
    description: z.string().min(1).max(256),
    reference: z.string().min(1).max(256),
    /** Days back from the study for cumulative and already-above rules (default 60, NCRP 168 / SIR). */
    windowDays: z.number().int().min(1).max(3650).optional(),
    match: ruleMatchSchema.optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.kind !== 'study' && !(CUMULATIVE_METRICS as readonly string[]).includes(r.metric)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['metric'], message: `a ${r.kind} rule adds up ${CUMULATIVE_METRICS.join(' or ')} only` });
    }
    if (r.kind === 'study' && r.windowDays !== undefined)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['windowDays'], message: 'windowDays is for cumulative and already-above rules' });
  });
export type AlertRule = z.output<typeof alertRuleSchema>;

/**
 * Substantial radiation dose levels (SRDL) for fluoroscopically guided interventions:
 * NCRP Report 168 (2010) and SIR guidelines (Stecker et al., JVIR 2009;20:S263).
 */
export const DEFAULT_ALERT_RULES: readonly AlertRule[] = [
  {
    id: 'srdl.peak-skin-dose',
    kind: 'study',
    metric: 'peak-skin-dose',
    threshold: 3,
    level: 'srdl',
    description: 'Peak skin dose at or above 3 Gy: patient follow-up for skin injury',
    reference: 'NCRP Report 168 (2010); Stecker et al., JVIR 2009;20:S263',
  },
  {
    id: 'srdl.reference-air-kerma',
    kind: 'study',
    metric: 'reference-air-kerma',
    threshold: 5,
    level: 'srdl',
    description: 'Total reference air kerma Ka,r (all planes) at or above 5 Gy',
    reference: 'NCRP Report 168 (2010); Stecker et al., JVIR 2009;20:S263',
  },
  {
    id: 'srdl.kerma-area-product',
    kind: 'study',
    metric: 'kerma-area-product',
    threshold: 500,
    level: 'srdl',
    description: 'Total kerma-area product at or above 500 Gy·cm² (all planes)',
    reference: 'NCRP Report 168 (2010); Stecker et al., JVIR 2009;20:S263',
  },
  {
    id: 'srdl.fluoroscopy-time',
    kind: 'study',
    metric: 'fluoroscopy-time',
    threshold: 60,
    level: 'srdl',
    description: 'Total fluoroscopy time at or above 60 min',
    reference: 'NCRP Report 168 (2010); Stecker et al., JVIR 2009;20:S263',
  },
  {
    id: 'srdl.cumulative-peak-skin-dose',
    kind: 'cumulative',
    metric: 'peak-skin-dose',
    threshold: 3,
    level: 'srdl',
    windowDays: DEFAULT_WINDOW_DAYS,
    description: 'Cumulative peak skin dose (study maps added on one body surface) at or above 3 Gy within 60 days',
    reference: 'NCRP Report 168 (2010), section 5; Stecker et al., JVIR 2009;20:S263',
  },
  {
    id: 'srdl.cumulative-reference-air-kerma',
    kind: 'cumulative',
    metric: 'reference-air-kerma',
    threshold: 5,
    level: 'srdl',
    windowDays: DEFAULT_WINDOW_DAYS,
    description: 'Sum of reference air kerma Ka,r at or above 5 Gy within 60 days',
    reference: 'NCRP Report 168 (2010), section 5; Stecker et al., JVIR 2009;20:S263',
  },
  {
    id: 'srdl.already-above-peak-skin-dose',
    kind: 'already-above',
    metric: 'peak-skin-dose',
    threshold: 3,
    level: 'srdl',
    windowDays: DEFAULT_WINDOW_DAYS,
    description: 'New procedure on a patient whose cumulative peak skin dose of the last 60 days is already at or above 3 Gy',
    reference: 'NCRP Report 168 (2010), section 5; Stecker et al., JVIR 2009;20:S263',
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
  return validateAlertRules(raw);
}

/** Validates a rule set given as data (file or admin API), naming the offending rule and field. */
export function validateAlertRules(raw: unknown): AlertRule[] {
  const rules = z.array(alertRuleSchema).min(1).parse(raw) as AlertRule[];
  const ids = new Set<string>();
  const slots = new Set<string>();
  for (const rule of rules) {
    if (ids.has(rule.id)) throw new Error(`alert rule id "${rule.id}" is used twice`);
    // An alert is unique per (study, kind, metric, level): for one set of criteria a second rule could never fire.
    // Rules of the same slot with different criteria are overrides: the most specific matching one applies.
    const slot = `${rule.kind} / ${rule.metric} / ${rule.level} / ${JSON.stringify(rule.match ?? {})}`;
    if (slots.has(slot))
      throw new Error(`alert rule "${rule.id}": another rule already has kind, metric, level and criteria ${slot}; give each threshold its own level`);
    ids.add(rule.id);
    slots.add(slot);
  }
  return rules;
}

export function unitOf(metric: DoseMetric): string {
  return DOSE_METRIC_UNITS[metric];
}
