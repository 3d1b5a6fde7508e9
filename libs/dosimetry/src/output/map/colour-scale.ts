/**
 * The map's colour scale: viridis (van der Walt & Smith, matplotlib), perceptually uniform and readable
 * with the common colour-vision deficiencies and in grey-scale print. Colours stand for absolute doses:
 * the legend gives them in mGy or Gy, from 0 to the scale's top.
 */
const VIRIDIS = ['#440154', '#482475', '#414487', '#355f8d', '#2a788e', '#21918c', '#22a884', '#44bf70', '#7ad151', '#bddf26', '#fde725'] as const;

/** Clinical thresholds marked on the legend and drawn as isodose lines (Gy): tissue-reaction levels, 3 Gy SRDL. */
export const CLINICAL_THRESHOLDS_GY = [2, 3, 5, 10] as const;

/** Relative isodose levels drawn instead when the PSD is below 1 Gy (fractions of the map's peak). */
export const RELATIVE_LEVELS = [0.25, 0.5, 0.75, 0.9] as const;

/** Below this PSD no clinical threshold is near: the lines then show the shape of the field, relative to the peak. */
export const RELATIVE_CONTOURS_BELOW_GY = 1;

/** Colour steps of a dose map (adjacent cells of one step are drawn as one rectangle). */
export const COLOUR_STEPS = 128;

function rgbOf(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

const hex2 = (v: number): string => Math.round(v).toString(16).padStart(2, '0');

/** Viridis at t in [0, 1] (clamped), linear between the eleven published anchors. */
export function viridis(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = rgbOf(VIRIDIS[i]);
  const b = rgbOf(VIRIDIS[i + 1]);
  return `#${a.map((v, k) => hex2(v + (b[k] - v) * f)).join('')}`;
}

/** The anchors, for an SVG gradient. */
export const VIRIDIS_ANCHORS: readonly string[] = VIRIDIS;

const NICE_STEPS = [1, 1.5, 2, 3, 4, 5, 6, 8, 10];

/**
 * Top of the colour scale: the first round value (1, 1.5, 2, 3, 4, 5, 6, 8 × 10ⁿ Gy) at or above the peak,
 * at least 1 mGy, so the whole range of the map is used and the top is a readable number.
 */
export function scaleTopGy(peakGy: number): number {
  const peak = Math.max(peakGy, 0.001);
  const decade = 10 ** Math.floor(Math.log10(peak));
  for (const s of NICE_STEPS) {
    const v = Number((s * decade).toPrecision(6));
    if (v >= peak * (1 - 1e-9)) return v;
  }
  return 10 * decade;
}

/** The colour step of a dose on a scale (0 … COLOUR_STEPS − 1). */
export function colourStep(doseGy: number, topGy: number): number {
  return Math.min(COLOUR_STEPS - 1, Math.max(0, Math.floor((doseGy / topGy) * COLOUR_STEPS)));
}

export function colourOfStep(step: number): string {
  return viridis((step + 0.5) / COLOUR_STEPS);
}
