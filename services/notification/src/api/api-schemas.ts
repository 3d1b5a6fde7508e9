import { ALERT_STATES, SKIN_FINDINGS } from '@kerma/contracts';
import { schema as s, type SchemaObject } from '@kerma/platform';

const value = s.object({ value: s.number(), unit: s.string() });

/** The shape of AlertView (alerts.controller.ts). */
export const ALERT: SchemaObject = s.object({
  alertId: s.string(),
  site: s.string(),
  studyInstanceUid: s.string(),
  patient: s.object({ id: s.nullable(s.string()), issuer: s.nullable(s.string()) }),
  metric: s.string(),
  measured: value,
  threshold: value,
  level: s.string(),
  rule: s.object({ id: s.string(), description: s.string(), reference: s.string() }),
  raisedAt: s.string(),
  published: s.boolean(),
  kind: s.enum(['study', 'cumulative', 'already-above']),
  cumulative: s.nullable(s.object({ windowDays: s.integer(), studyInstanceUids: s.array(s.string()) }, 'The studies summed, for a cumulative alert')),
  state: s.enum(ALERT_STATES, 'Follow-up state'),
  skinCheckDueOn: s.nullable(s.string('YYYY-MM-DD')),
});

/** One transition of the audit trail (trailView in follow-up.controller.ts). */
const TRANSITION: SchemaObject = s.object({
  seq: s.integer('1: open'),
  state: s.enum(ALERT_STATES),
  at: s.string('ISO 8601'),
  by: s.string('Who made the transition (the token subject)'),
  note: s.nullable(s.string()),
  skinCheckDueOn: s.nullable(s.string('YYYY-MM-DD')),
  outcome: s.nullable(s.object({ finding: s.enum(SKIN_FINDINGS), ctcaeGrade: s.integer('NCI CTCAE grade 0–5') })),
  published: s.boolean(),
});

/** An alert with its follow-up audit trail (follow-up.controller.ts). */
export const ALERT_WITH_TRAIL: SchemaObject = {
  ...ALERT,
  properties: { ...ALERT.properties, trail: s.array(TRANSITION) },
  required: [...(ALERT.required ?? []), 'trail'],
};

/** One version of the alert rules (versionView in alert-rules.controller.ts). */
export const ALERT_RULE_SET_VERSION: SchemaObject = s.object({
  version: s.integer(),
  source: s.enum(['file', 'api'], 'From the configured rules at start, or from PUT /api/v1/alert-rules'),
  changedBy: s.string(),
  changedAt: s.string('ISO 8601'),
  note: s.nullable(s.string()),
  rules: s.array(
    s.opaque('An alert rule (id, kind, metric, level, threshold, criteria) as in the rules file; rules for sites outside your scope are left out'),
  ),
});

export const ALERT_RULE_SET_HISTORY: SchemaObject = s.object({ versions: s.array(ALERT_RULE_SET_VERSION) });
