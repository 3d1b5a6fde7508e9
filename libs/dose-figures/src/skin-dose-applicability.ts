import type { SkinDoseNotApplicableCode } from '@kerma/contracts';
import type { Procedure } from '@kerma/rdsr';

/**
 * Whether a study has a skin dose to compute. The engine traces projection beams onto a phantom, which
 * describes fluoroscopy-guided procedures; other kinds have their own dose figures (CTDIvol and DLP,
 * glandular dose, entrance exposure per view) and a PSD of 0 for them would read as "no dose".
 */
export type SkinDoseApplicability =
  | { readonly applicable: true }
  | { readonly applicable: false; readonly code: SkinDoseNotApplicableCode; readonly reason: string };

export function skinDoseApplicability(procedure: Pick<Procedure, 'kind' | 'events' | 'source'>): SkinDoseApplicability {
  // Only an explicit header or screen source: procedures kept before `source` existed have none and are dose reports.
  if ((procedure.source === 'image-header' || procedure.source === 'dose-screen') && procedure.kind !== 'nuclear-medicine') {
    return {
      applicable: false,
      code: 'no-dose-report',
      reason: `dose from ${procedure.source === 'image-header' ? 'image headers' : 'a dose screen'} only: no irradiation geometry per event to trace; see DAP and the header figures`,
    };
  }
  switch (procedure.kind) {
    case 'nuclear-medicine':
      return {
        applicable: false,
        code: 'nuclear-medicine',
        reason: 'nuclear medicine: an internal dose from an administered radiopharmaceutical, described by the administered activity, not a skin dose map',
      };
    case 'ct':
      return { applicable: false, code: 'ct', reason: 'CT: no projection events to trace; the dose is described by CTDIvol and DLP' };
    case 'mammography':
      return {
        applicable: false,
        code: 'mammography',
        reason: 'mammography: the dose is the accumulated average glandular dose per breast, not a skin dose map',
      };
    case 'radiography':
      return {
        applicable: false,
        code: 'radiography',
        reason: 'radiography without fluoroscopy: skin dose mapping applies to fluoroscopy-guided procedures; see DAP and Ka,r per exposure',
      };
    case 'projection-xray':
      return procedure.events.length > 0
        ? { applicable: true }
        : { applicable: false, code: 'no-irradiation-events', reason: 'the report has no irradiation events (totals only): no beam to trace' };
  }
}
