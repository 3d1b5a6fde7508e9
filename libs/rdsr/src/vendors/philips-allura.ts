import type { IrradiationEvent, Quantity } from '../model/procedure';
import type { Concept } from '../sr/codes';
import type { ContentItem } from '../sr/content-item';
import { child } from '../sr/query';
import { numValue } from '../sr/values';
import { CANONICAL_UNITS as U } from '../units/unit-table';
import type { AdapterFindings, VendorAdapter } from './adapter';
import { PhilipsXper } from './philips-codes';

/**
 * Philips Allura Xper / Clarity: table height only in a private item, Distance Source to Detector
 * only when it changed (a private "final" value otherwise), no Collimated Field Area but private
 * shutter positions (mm at 1 m from the focal spot), and the detector field size in a private container.
 */

const NAME = 'philips-allura';
const SHUTTER_REFERENCE_DISTANCE_MM = 1000;

function privateValue(item: ContentItem | null, c: Concept, note: string): Quantity | null {
  const q = numValue(item, c, U.Mm);
  return q === null ? null : { value: q.value, provenance: 'vendor-private', note };
}

function fillFromPrivate(event: IrradiationEvent, item: ContentItem, findings: AdapterFindings): IrradiationEvent {
  let out = event;
  const fills = [
    ['tableHeightPositionMm', PhilipsXper.tableHeightPosition, '99PHI-IXR-XPER 021 Table Height Position', 'private-table-height'],
    ['tableHeightEndPositionMm', PhilipsXper.finalTableHeightPosition, '99PHI-IXR-XPER 020 Final Table Height Position', 'private-final-table-height'],
    [
      'distanceSourceToDetectorMm',
      PhilipsXper.finalDistanceSourceToDetector,
      '99PHI-IXR-XPER 018 Final Distance Source to Detector',
      'final-source-to-detector-distance',
    ],
  ] as const;
  for (const [field, c, note, change] of fills) {
    if (out[field] !== null) continue;
    const q = privateValue(item, c, note);
    if (q === null) continue;
    out = { ...out, [field]: q };
    findings.record(NAME, change);
  }
  return out;
}

/** Shutter openings at 1 m, projected to the detector plane where DICOM defines the collimated field. */
function fillCollimatedField(event: IrradiationEvent, item: ContentItem, findings: AdapterFindings): IrradiationEvent {
  if (event.collimatedFieldAreaM2 !== null || event.collimatedFieldWidthMm !== null || event.collimatedFieldHeightMm !== null) return event;
  const shutters = child(item, PhilipsXper.wedgesAndShutters, 'CONTAINER');
  const left = numValue(shutters, PhilipsXper.leftShutter, U.Mm);
  const right = numValue(shutters, PhilipsXper.rightShutter, U.Mm);
  const top = numValue(shutters, PhilipsXper.topShutter, U.Mm);
  const bottom = numValue(shutters, PhilipsXper.bottomShutter, U.Mm);
  if (left === null || right === null || top === null || bottom === null) return event;
  const sid = event.distanceSourceToDetectorMm;
  if (sid === null) {
    findings.warn('Philips shutter positions present but no source-to-detector distance: collimated field left missing');
    return event;
  }
  const scale = sid.value / SHUTTER_REFERENCE_DISTANCE_MM;
  const widthMm = (left.value + right.value) * scale;
  const heightMm = (top.value + bottom.value) * scale;
  const note = '99PHI-IXR-XPER 005 Wedges and Shutters (mm at 1 m) scaled to the source-to-detector distance';
  findings.record(NAME, 'collimated-field-from-private-shutters');
  return {
    ...event,
    collimatedFieldWidthMm: { value: widthMm, provenance: 'vendor-private', note: `${note}: left + right` },
    collimatedFieldHeightMm: { value: heightMm, provenance: 'vendor-private', note: `${note}: top + bottom` },
    collimatedFieldAreaM2: { value: (widthMm * heightMm) / 1e6, provenance: 'derived', note: 'collimated field width × height from private shutters' },
  };
}

function fillDetectorField(event: IrradiationEvent, item: ContentItem, findings: AdapterFindings): IrradiationEvent {
  if (event.detectorFieldSizeMm !== null) return event;
  const field = child(item, PhilipsXper.detectorFieldSize, 'CONTAINER');
  const x = numValue(field, PhilipsXper.detectorFieldXSide, U.Mm);
  const y = numValue(field, PhilipsXper.detectorFieldYSide, U.Mm);
  const side = x !== null && y !== null ? (x.value >= y.value ? x : y) : (x ?? y);
  if (side === null) return event;
  findings.record(NAME, 'private-detector-field-size');
  return { ...event, detectorFieldSizeMm: { value: side.value, provenance: 'vendor-private', note: '99PHI-IXR-XPER 023 Detector Field Size, larger side' } };
}

export const philipsAllura: VendorAdapter = {
  name: NAME,
  matches: (c) => /philips/i.test(c.manufacturer ?? '') && !/azurion/i.test(c.modelName ?? ''),
  adjustEvent: (event, item, findings) => fillDetectorField(fillCollimatedField(fillFromPrivate(event, item, findings), item, findings), item, findings),
};
