import type { PlaneTotals, ProcedureKind, IrradiationEvent } from '../model/procedure';
import type { ReportedProcedure } from '../templates/tid10001-report';

/**
 * Projection reports without any fluoroscopy (no fluoro totals in TID 10002, no fluoroscopy event)
 * come from radiography systems (TID 10007 accumulated data).
 */
function isRadiography(planes: readonly PlaneTotals[], events: readonly IrradiationEvent[]): boolean {
  const fluoroTotals = planes.some((p) => p.fluoroDapTotalGyM2 !== null || p.fluoroDoseRpTotalGy !== null || p.fluoroTimeTotalS !== null);
  const fluoroEvents = events.some((e) => e.type === 'fluoroscopy' || e.fluoroMode !== null);
  return planes.length > 0 && !fluoroTotals && !fluoroEvents;
}

export function procedureKind(reported: ReportedProcedure, planes: readonly PlaneTotals[], events: readonly IrradiationEvent[]): ProcedureKind {
  if (reported === 'ct') return 'ct';
  if (reported === 'mammography') return 'mammography';
  return isRadiography(planes, events) ? 'radiography' : 'projection-xray';
}
