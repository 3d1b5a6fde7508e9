import type { ProcedureSpec, StudySpec } from './procedure-spec';
import { deterministicUid } from './seeded-random';

/**
 * The same procedure (same figures, same views) as a study of its own: study, series, SOP instance, performed
 * procedure step and event UIDs derived from `seed` and `tag` (`<tag>-study`, `<tag>-event0` …), then `study`'s
 * fields over the rest. Tests send one procedure several times as different studies this way.
 */
export function asAnotherStudy(spec: ProcedureSpec, seed: number, tag: string, study: Partial<StudySpec> = {}): ProcedureSpec {
  const uid = (part: string) => deterministicUid(seed, `${tag}-${part}`);
  return {
    ...spec,
    study: {
      ...spec.study,
      studyInstanceUid: uid('study'),
      seriesInstanceUid: uid('series'),
      sopInstanceUid: uid('sop'),
      performedProcedureStepUid: uid('pps'),
      ...study,
    },
    events: spec.events.map((e, i) => ({ ...e, uid: uid(`event${i}`) })),
  };
}
