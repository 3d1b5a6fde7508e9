import type { IrradiationEvent } from '../model/procedure';
import { Enhanced } from '../sr/codes';
import type { ContentItem } from '../sr/content-item';
import { codeValue, numValue, toCoded } from '../sr/values';
import { CANONICAL_UNITS as U } from '../units/unit-table';
import type { AdapterFindings, VendorAdapter } from './adapter';

/**
 * Enhanced X-Ray Radiation Dose SR (1.2.840.10008.5.1.4.1.1.88.76): table position relative to the
 * isocenter, positioner isocenter angles and the frame of reference origin, read per event (the
 * origin falls back to the document root, where a report may state it once).
 */

const NAME = 'enhanced';

function readGeometry(event: IrradiationEvent, item: ContentItem, root: ContentItem, findings: AdapterFindings): IrradiationEvent {
  const geometry = {
    tableXPositionToIsocenterMm: numValue(item, Enhanced.tableXPositionToIsocenter, U.Mm),
    tableYPositionToIsocenterMm: numValue(item, Enhanced.tableYPositionToIsocenter, U.Mm),
    tableZPositionToIsocenterMm: numValue(item, Enhanced.tableZPositionToIsocenter, U.Mm),
    positionerIsocenterPrimaryAngleDeg: numValue(item, Enhanced.positionerIsocenterPrimaryAngle, U.Deg),
    positionerIsocenterSecondaryAngleDeg: numValue(item, Enhanced.positionerIsocenterSecondaryAngle, U.Deg),
    positionerIsocenterDetectorRotationAngleDeg: numValue(item, Enhanced.positionerIsocenterDetectorRotationAngle, U.Deg),
    frameOfReferenceOrigin: toCoded(codeValue(item, Enhanced.frameOfReferenceOrigin) ?? codeValue(root, Enhanced.frameOfReferenceOrigin)),
  };
  if (Object.values(geometry).every((v) => v === null)) return event;
  findings.record(NAME, 'isocenter-geometry');
  return { ...event, ...geometry };
}

export const enhanced: VendorAdapter = {
  name: NAME,
  matches: (c) => c.sopClassKind === 'enhanced-xray-rdsr',
  adjustEvent: (event, item, findings, root) => readGeometry(event, item, root, findings),
};
