import type { IrradiationEvent } from '@kerma/rdsr';
import type { FieldSize } from '../geometry';

/**
 * The event's Ka,r: as reported when positive; else, when it has a DAP, DAP over the collimated field
 * area at the reference point (DAP = Ka,r × area there, so the field must be a reported collimated
 * field, not the detector size, which would under-estimate Ka,r). Devices write Ka,r = 0 for events
 * below their display quantum while the DAP still counts them; such an event is estimated, or listed
 * as skipped with the reason — never dropped in silence.
 */
export type EventKerma =
  | { readonly kind: 'reported'; readonly kermaGy: number }
  | { readonly kind: 'derived'; readonly kermaGy: number }
  | { readonly kind: 'none'; readonly reason: string };

const COLLIMATED = new Set<FieldSize['method']>(['height-width', 'area']);

export function eventKerma(e: IrradiationEvent, collimatedField: FieldSize | null, referenceDistanceMm: number): EventKerma {
  const reported = e.doseRpGy?.value ?? null;
  if (reported !== null && reported > 0) return { kind: 'reported', kermaGy: reported };
  const dap = e.dapGyM2?.value ?? null;
  const karText = reported === null ? 'Dose (RP) not reported' : 'Dose (RP) 0';
  if (dap === null || !(dap > 0)) return { kind: 'none', reason: `no dose reported (${karText}, DAP ${dap === null ? 'not reported' : '0'})` };
  if (collimatedField === null || !COLLIMATED.has(collimatedField.method)) {
    return { kind: 'none', reason: `${karText} with DAP ${dap} Gy·m²: no collimated field size to derive Ka,r from` };
  }
  const areaAtReferenceM2 = ((collimatedField.widthMm * collimatedField.heightMm) / 1e6) * (referenceDistanceMm / collimatedField.atDistanceMm) ** 2;
  return { kind: 'derived', kermaGy: dap / areaAtReferenceM2 };
}
