import type { DoseMap } from '../../engine';
import type { PhantomKind } from '../../phantoms';

/**
 * What a skin-dose map image shows, built from a study's result or a patient's cumulative dose. It
 * carries no patient identity by construction: names and ids never reach the image.
 */
export interface SkinDoseMapFigure {
  readonly title: string;
  /** The unrolled map; null when no event could be placed (the figure then shows the estimate only). */
  readonly map: DoseMap | null;
  readonly phantomKind: PhantomKind;
  /** The dose shown as the peak (PSD, or the cumulative PSD), Gy; decides absolute or relative isodose lines. */
  readonly peakGy: number;
  readonly peakLabel: string;
  /** The peak's interval, as text ("95 % interval 2.9–5.4 Gy" or "± 31 % (k = 2)"). */
  readonly peakInterval: string | null;
  readonly psdLocation: { readonly region: string; readonly mapRow: number; readonly mapColumn: number } | null;
  /** Lines shown boxed, above everything else: the PSD is an estimate, with its upper bound; suspect input. */
  readonly warnings: readonly string[];
  /** Facts under the map: where, method, areas, dates, device, profile, algorithm. */
  readonly details: readonly string[];
}
