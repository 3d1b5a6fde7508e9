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
});
export type DoseAlertV1 = z.infer<typeof doseAlertV1Schema>;

export const DoseAlertV1 = defineContract<DoseAlertV1>({
  name: 'dose-alert',
  version: 1,
  description: 'A dose metric of a study reached an alert threshold. At most one per (study, metric, level).',
  schema: doseAlertV1Schema,
  key: (p) => p.patient.key,
});
