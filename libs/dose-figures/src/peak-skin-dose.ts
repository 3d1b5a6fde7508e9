import type { SkinDoseApplicability } from './skin-dose-applicability';

/**
 * The peak skin dose of a study as shown and summed: the engine's PSD when it has one, otherwise null
 * with the reason (not applicable to this kind of procedure, or not computed yet) — never 0.
 */
export type PeakSkinDoseFigure =
  | { readonly status: 'calculated'; readonly psdGy: number; readonly reason: null }
  | { readonly status: 'not-applicable' | 'pending'; readonly psdGy: null; readonly reason: string };

export function peakSkinDoseFigure(applicability: SkinDoseApplicability | null, calculated: { readonly psdGy: number } | null): PeakSkinDoseFigure {
  if (applicability !== null && !applicability.applicable) return { status: 'not-applicable', psdGy: null, reason: applicability.reason };
  if (calculated !== null) return { status: 'calculated', psdGy: calculated.psdGy, reason: null };
  return { status: 'pending', psdGy: null, reason: 'the skin dose is not computed yet' };
}
