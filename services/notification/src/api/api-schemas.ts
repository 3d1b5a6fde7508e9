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
});
