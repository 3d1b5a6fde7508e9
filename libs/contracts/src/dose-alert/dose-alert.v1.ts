import { z } from 'zod';
import { defineContract } from '../contract';
import { dicomUid, eventMeta, isoDateTime, patientRef, site } from '../common/fields';

export const DOSE_METRICS = ['peak-skin-dose', 'reference-air-kerma', 'kerma-area-product', 'fluoroscopy-time'] as const;
export type DoseMetric = (typeof DOSE_METRICS)[number];

export const DOSE_METRIC_UNITS: Readonly<Record<DoseMetric, string>> = {
  'peak-skin-dose': 'Gy',
  'reference-air-kerma': 'Gy',
  'kerma-area-product': 'Gy.cm2',
  'fluoroscopy-time': 'min',
};

/**
 * The follow-up of an alert (SIR / NCRP 168): open → acknowledged → patient-informed → skin-check-due →
 * closed; skin-check-overdue when the check date passed without an outcome. Each state is published once
 * per alert, so (alertId, state) identifies a message for a consumer that deduplicates.
 */
export const ALERT_STATES = ['open', 'acknowledged', 'patient-informed', 'skin-check-due', 'skin-check-overdue', 'closed'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** What an alert judges: one study's figure, the patient's cumulative figure over a window, or a new study on a patient already above. */
export const ALERT_KINDS = ['study', 'cumulative', 'already-above'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Skin findings at the check, graded per NCI CTCAE v5 ("Dermatitis radiation"; grade 0: no effect seen). */
export const SKIN_FINDINGS = ['no-effect', 'erythema', 'dry-desquamation', 'moist-desquamation', 'ulceration', 'necrosis'] as const;
export type SkinFinding = (typeof SKIN_FINDINGS)[number];

export const doseAlertV1Schema = z.object({
  ...eventMeta,
  /** Deterministic per (study, metric, level): redelivery can never mint a second alert. */
  alertId: z.string().uuid(),
  site,
  patient: patientRef,
  studyInstanceUid: dicomUid,
  metric: z.enum(DOSE_METRICS),
  measured: z.object({ value: z.number().finite(), unit: z.string() }),
  threshold: z.object({ value: z.number().finite(), unit: z.string() }),
  level: z.string().min(1),
  rule: z.object({ id: z.string(), description: z.string(), reference: z.string() }),
  raisedAt: isoDateTime,
  /** Absent from producers before the follow-up: 'study'. */
  kind: z.enum(ALERT_KINDS).optional(),
  /** For cumulative and already-above alerts: the window and the studies whose figures were added up. */
  cumulative: z.object({ windowDays: z.number().int().positive(), studyInstanceUids: z.array(dicomUid).min(1) }).optional(),
  /** Absent from producers before the follow-up: 'open'. The event id is derived from (alertId, state). */
  state: z.enum(ALERT_STATES).optional(),
  /** The change that led to this state: 1 for open, then one more per transition; who (subject) and why. */
  transition: z.object({ seq: z.number().int().positive(), at: isoDateTime, by: z.string().min(1).max(128), note: z.string().max(2000).nullable() }).optional(),
  /** From skin-check-due on: the date (YYYY-MM-DD) by which the skin is to be examined. */
  skinCheck: z.object({ dueOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }).optional(),
  /** On closed: what the skin check found. */
  outcome: z.object({ finding: z.enum(SKIN_FINDINGS), ctcaeGrade: z.number().int().min(0).max(5) }).optional(),
});
export type DoseAlertV1 = z.infer<typeof doseAlertV1Schema>;

export const DoseAlertV1 = defineContract<DoseAlertV1>({
  name: 'dose-alert',
  version: 1,
  description:
    'A dose metric of a study (or the cumulative figure of its patient) reached an alert threshold, and each later follow-up state of that alert (same alertId, one message per state: deduplicate on (alertId, state)).',
  schema: doseAlertV1Schema,
  key: (p) => p.patient.key,
});
