import { drlObservations, drlStudyContext, type DrlFigures } from '@kerma/dose-figures';
import type { Procedure } from '@kerma/rdsr';
import { studySortKey } from '../studies/study-listing';
import type { StudyDoseFigure } from './study-dose-figure.entity';

/** The narrow-table rows of a parsed study: one per DRL metric value, with what they are grouped by. */
export function studyFigureRows(
  { studyInstanceUid, site }: { studyInstanceUid: string; site: string },
  procedure: Procedure,
  figures: DrlFigures,
): StudyDoseFigure[] {
  const context = drlStudyContext(procedure);
  const ordinals = new Map<string, number>();
  return drlObservations(figures).map((o) => {
    const ordinal = ordinals.get(o.metric) ?? 0;
    ordinals.set(o.metric, ordinal + 1);
    return {
      studyInstanceUid,
      metric: o.metric,
      ordinal,
      value: o.value,
      site,
      device: (procedure.device.stationName ?? procedure.device.modelName)?.slice(0, 64) ?? null,
      procedure: context.procedure?.slice(0, 128) ?? null,
      bodyRegion: context.bodyRegion?.slice(0, 128) ?? null,
      studySortKey: studySortKey(procedure.study.studyDateTime),
      weightKg: context.weightKg,
      provenance: 'rdsr',
    };
  });
}
