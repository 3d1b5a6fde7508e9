import type { DrlTable } from '@kerma/dose-figures';
import type { DatabaseTarget } from '@kerma/platform';
import type { FhirPushOptions } from './fhir/fhir-push-options';

export interface HistoryOptions {
  readonly database: DatabaseTarget;
  /** TrueType font the cumulative map images are drawn with (KERMA_FONT_FILE, validated at start-up). */
  readonly mapFontFile: string;
  /** National DRLs the analytics compare with (KERMA_DRL_TABLES, KERMA_DRL_TABLE_FILE); absent: the UK adult CT NDRLs. */
  readonly drlTable?: DrlTable;
  /** Push each study's dose summary to this FHIR server (KERMA_FHIR_PUSH_URL); absent: no push. */
  readonly fhirPush?: FhirPushOptions;
}
