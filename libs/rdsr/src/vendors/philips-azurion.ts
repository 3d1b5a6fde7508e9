import type { IrradiationEvent, Quantity, XRayFilter } from '../model/procedure';
import type { AdapterFindings, VendorAdapter } from './adapter';

/**
 * Philips Azurion: Collimated Field Area, Height and Width are all sent as 0 (no field is not a
 * field: missing), and filters are sent as the range of the filter setting (e.g. Cu 0–0.4 mm), so
 * neither bound nor their mean is the thickness in the beam.
 */

const NAME = 'philips-azurion';
const FIELD_KEYS = ['collimatedFieldAreaM2', 'collimatedFieldHeightMm', 'collimatedFieldWidthMm'] as const;
const RANGE_NOTE = 'Philips Azurion sends the filter setting range; not the thickness in the beam';

function dropZeroFields(event: IrradiationEvent, findings: AdapterFindings): IrradiationEvent {
  const zero = FIELD_KEYS.filter((k) => event[k]?.value === 0);
  if (zero.length === 0) return event;
  findings.record(NAME, 'zero-collimated-field-as-missing');
  findings.warn('Philips Azurion reports a collimated field of 0; treated as missing');
  const out: Record<string, Quantity | null> = {};
  for (const k of zero) out[k] = null;
  return { ...event, ...out };
}

function annotate(q: Quantity | null): Quantity | null {
  return q === null ? null : { ...q, note: q.note === undefined ? RANGE_NOTE : `${q.note}; ${RANGE_NOTE}` };
}

function markFilterRanges(event: IrradiationEvent, findings: AdapterFindings): IrradiationEvent {
  const isRange = (f: XRayFilter) => f.thicknessMinMm !== null && f.thicknessMaxMm !== null && f.thicknessMinMm.value !== f.thicknessMaxMm.value;
  if (!event.filters.some(isRange)) return event;
  findings.record(NAME, 'filter-thickness-ranges');
  findings.warn('Philips Azurion filter thicknesses are setting ranges, not the filtration in the beam');
  return {
    ...event,
    filters: event.filters.map((f) => (isRange(f) ? { ...f, thicknessMinMm: annotate(f.thicknessMinMm), thicknessMaxMm: annotate(f.thicknessMaxMm) } : f)),
  };
}

export const philipsAzurion: VendorAdapter = {
  name: NAME,
  matches: (c) => /philips/i.test(c.manufacturer ?? '') && /azurion/i.test(c.modelName ?? ''),
  adjustEvent: (event, _item, findings) => markFilterRanges(dropZeroFields(event, findings), findings),
};
