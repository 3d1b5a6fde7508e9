import type { GeometryProfile, SkinDoseOptions } from '@kerma/dosimetry';
import type { DatabaseTarget } from '@kerma/platform';

export const SKIN_DOSE_OPTIONS = Symbol('SKIN_DOSE_OPTIONS');

export interface SkinDoseServiceOptions {
  readonly database: DatabaseTarget;
  /** URL at which this service's API is reachable (for map links in events). */
  readonly publicBaseUrl: string;
  /** Physicists' geometry profiles, tried before the built-ins. */
  readonly profiles: readonly GeometryProfile[];
  /** Engine settings for every study (phantom, cell size, …). */
  readonly engine: Omit<SkinDoseOptions, 'profiles'>;
  /** TrueType font the map images are drawn with (KERMA_FONT_FILE, validated at start-up). */
  readonly mapFontFile: string;
  /** Days a size received before its study waits for it (KERMA_PENDING_SIZE_DAYS); 30 when not given. */
  readonly pendingSizeDays?: number;
}

export const DEFAULT_PENDING_SIZE_DAYS = 30;
