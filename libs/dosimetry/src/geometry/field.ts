import type { IrradiationEvent } from '@kerma/rdsr';
import type { FieldSizeSource } from '../profiles';

/** The collimated field as a rectangle at a known distance from the focal spot. */
export interface FieldSize {
  readonly widthMm: number;
  readonly heightMm: number;
  readonly atDistanceMm: number;
  readonly method: FieldSizeSource;
}

export interface FieldInputs {
  readonly distanceSourceToDetectorMm: number;
  readonly distanceSourceToIsocenterMm: number;
  readonly referenceDistanceMm: number;
  readonly detectorSideMm: number;
}

/** Plausible field side at the isocenter: rejects zeros (Azurion) and unit slips. */
const SIDE_AT_ISOCENTER_MM: readonly [number, number] = [5, 600];

const METHODS: Readonly<Record<FieldSizeSource, (e: IrradiationEvent, g: FieldInputs) => FieldSize | null>> = {
  'height-width': (e, g) => {
    const h = e.collimatedFieldHeightMm?.value;
    const w = e.collimatedFieldWidthMm?.value;
    return h && w && h > 0 && w > 0 ? { widthMm: w, heightMm: h, atDistanceMm: g.distanceSourceToDetectorMm, method: 'height-width' } : null;
  },
  area: (e, g) => {
    const a = e.collimatedFieldAreaM2?.value;
    if (!a || a <= 0) return null;
    const side = Math.sqrt(a) * 1000;
    return { widthMm: side, heightMm: side, atDistanceMm: g.distanceSourceToDetectorMm, method: 'area' };
  },
  'dap-over-kar': (e, g) => {
    const dap = e.dapGyM2?.value;
    const kar = e.doseRpGy?.value;
    if (!dap || !kar || dap <= 0 || kar <= 0) return null;
    const side = Math.sqrt(dap / kar) * 1000;
    return { widthMm: side, heightMm: side, atDistanceMm: g.referenceDistanceMm, method: 'dap-over-kar' };
  },
  detector: (e, g) => {
    const side = e.detectorFieldSizeMm?.value ?? g.detectorSideMm;
    return { widthMm: side, heightMm: side, atDistanceMm: g.distanceSourceToDetectorMm, method: 'detector' };
  },
};

function plausible(f: FieldSize, g: FieldInputs): boolean {
  const k = g.distanceSourceToIsocenterMm / f.atDistanceMm;
  const [lo, hi] = SIDE_AT_ISOCENTER_MM;
  return [f.widthMm * k, f.heightMm * k].every((s) => s >= lo && s <= hi);
}

/** First plausible field in the profile's order of preference; the detector size closes the list. */
export function resolveFieldSize(event: IrradiationEvent, order: readonly FieldSizeSource[], g: FieldInputs): FieldSize {
  for (const method of order) {
    const f = METHODS[method](event, g);
    if (f && plausible(f, g)) return f;
  }
  return METHODS.detector(event, g) as FieldSize;
}
