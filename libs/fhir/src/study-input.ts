import type { CtFigures, MammographyFigures, PeakSkinDoseFigure } from '@kerma/dose-figures';
import type { ProcedureKind } from '@kerma/rdsr';

/**
 * What the mapping needs of a study, as history's study view holds it. A figure Kerma does not know is null and
 * its FHIR element is left out, never written as 0.
 */
export interface FhirStudyInput {
  readonly studyInstanceUid: string;
  readonly patient: { readonly id: string | null; readonly issuer: string | null };
  /** Local date-time as the report gives it (YYYY-MM-DDThh:mm:ss, no UTC offset), or null. */
  readonly studyDateTime: string | null;
  readonly device: { readonly manufacturer: string | null; readonly modelName: string | null; readonly stationName: string | null } | null;
  /** The SOP Instance UIDs of the dose reports the figures come from. */
  readonly reports: readonly string[];
  readonly kind: ProcedureKind | null;
  /** Whether every report received so far is parsed: the figures are then final. */
  readonly figuresFinal: boolean;
  readonly totals: {
    readonly doseRpTotalGy: number | null;
    readonly dapTotalGyCm2: number | null;
    readonly fluoroTimeTotalS: number | null;
    readonly eventCount: number;
  } | null;
  readonly ct: CtFigures | null;
  readonly mammography: MammographyFigures | null;
  readonly peakSkinDose: PeakSkinDoseFigure;
}
