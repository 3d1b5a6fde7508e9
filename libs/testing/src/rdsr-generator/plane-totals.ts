import { representable } from './decimal-string';
import type { IrradiationEventSpec, PlaneTotalsSpec, ReferencePointSpec, SpecPlane } from './procedure-spec';

/**
 * Totals of one plane as a conformant device would report them: the sums of its events.
 * Fluoro totals take fluoroscopy events, acquisition totals all the others.
 */
export function computePlaneTotals(plane: SpecPlane, events: readonly IrradiationEventSpec[], referencePoint: ReferencePointSpec): PlaneTotalsSpec {
  const ofPlane = events.filter((event) => event.plane === plane);
  const fluoro = ofPlane.filter((event) => event.type === 'fluoroscopy');
  const acquisitions = ofPlane.filter((event) => event.type !== 'fluoroscopy');
  return {
    plane,
    dapTotalGyM2: sum(ofPlane, (event) => event.dapGyM2),
    doseRpTotalGy: sum(ofPlane, (event) => event.doseRpGy),
    fluoroDapTotalGyM2: sum(fluoro, (event) => event.dapGyM2),
    fluoroDoseRpTotalGy: sum(fluoro, (event) => event.doseRpGy),
    fluoroTimeTotalS: sum(fluoro, durationS),
    acquisitionDapTotalGyM2: sum(acquisitions, (event) => event.dapGyM2),
    acquisitionDoseRpTotalGy: sum(acquisitions, (event) => event.doseRpGy),
    acquisitionTimeTotalS: sum(acquisitions, durationS),
    radiographicFramesTotal: acquisitions.reduce((frames, event) => frames + (event.numberOfPulses ?? 0), 0),
    referencePoint,
  };
}

/** Some flavours omit Irradiation Duration; the device still knows how long it irradiated. */
function durationS(event: IrradiationEventSpec): number | null {
  if (event.irradiationDurationS !== null) return event.irradiationDurationS;
  if (event.numberOfPulses !== null && event.pulseRatePerS) return event.numberOfPulses / event.pulseRatePerS;
  return null;
}

function sum(events: readonly IrradiationEventSpec[], value: (event: IrradiationEventSpec) => number | null): number {
  return representable(events.reduce((total, event) => total + (value(event) ?? 0), 0));
}
