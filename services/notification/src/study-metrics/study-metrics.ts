import type { DoseMetric } from '@kerma/contracts';
import type { StudyDoseFigures } from '@kerma/dose-figures';

const S_PER_MIN = 60;

/**
 * The alert metrics of a study, in the units the rules use, from the study dose figures that the
 * study view shows too (libs/dose-figures): an alert never fires on a value the view shows as null.
 */
export function studyMetrics(figures: StudyDoseFigures): Partial<Record<DoseMetric, number>> {
  const metrics: Partial<Record<DoseMetric, number>> = {};
  if (figures.doseRpTotalGy !== null) metrics['reference-air-kerma'] = figures.doseRpTotalGy;
  if (figures.dapTotalGyCm2 !== null) metrics['kerma-area-product'] = figures.dapTotalGyCm2;
  if (figures.fluoroTimeTotalS !== null) metrics['fluoroscopy-time'] = figures.fluoroTimeTotalS / S_PER_MIN;
  return metrics;
}
