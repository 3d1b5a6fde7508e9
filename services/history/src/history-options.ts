import type { DatabaseTarget } from '@kerma/platform';

export interface HistoryOptions {
  readonly database: DatabaseTarget;
  /** TrueType font the cumulative map images are drawn with (KERMA_FONT_FILE, validated at start-up). */
  readonly mapFontFile: string;
}
