import type { IrradiationEvent, PlaneTotals, ProcedureKind } from '../model/procedure';
import type { AcquisitionDeviceType, ReportedProcedure } from '../templates/tid10001-report';

/**
 * The kind of procedure, from the report's own codes: Procedure Reported (TID 10001 row 2, CID 10005)
 * first, then Acquisition Device Type (row 4, CID 10032). Projection X-Ray (113704) alone names both
 * fluoroscopy and radiography, so with neither code decisive the kind falls back to a heuristic.
 */

const BY_PROCEDURE: Readonly<Record<ReportedProcedure, ProcedureKind | null>> = {
  ct: 'ct',
  mammography: 'mammography',
  radiography: 'radiography',
  fluoroscopy: 'projection-xray',
  'projection-xray': null,
  unknown: null,
};

const BY_DEVICE_TYPE: Readonly<Record<AcquisitionDeviceType, ProcedureKind | null>> = {
  'fluoroscopy-guided': 'projection-xray',
  integrated: 'radiography',
  'cassette-based': 'radiography',
  other: null,
};

/**
 * Fallback: projection reports without any fluoroscopy (no fluoro totals in TID 10002, no fluoroscopy
 * event) come from radiography systems (TID 10007 accumulated data).
 */
function isRadiography(planes: readonly PlaneTotals[], events: readonly IrradiationEvent[]): boolean {
  const fluoroTotals = planes.some((p) => p.fluoroDapTotalGyM2 !== null || p.fluoroDoseRpTotalGy !== null || p.fluoroTimeTotalS !== null);
  const fluoroEvents = events.some((e) => e.type === 'fluoroscopy' || e.fluoroMode !== null);
  return planes.length > 0 && !fluoroTotals && !fluoroEvents;
}

export interface ReportedKindCodes {
  readonly reportedProcedure: ReportedProcedure;
  readonly acquisitionDeviceType: AcquisitionDeviceType | null;
}

export function procedureKind(codes: ReportedKindCodes, planes: readonly PlaneTotals[], events: readonly IrradiationEvent[]): ProcedureKind {
  const coded = BY_PROCEDURE[codes.reportedProcedure] ?? (codes.acquisitionDeviceType === null ? null : BY_DEVICE_TYPE[codes.acquisitionDeviceType]);
  if (coded !== null) return coded;
  return isRadiography(planes, events) ? 'radiography' : 'projection-xray';
}
