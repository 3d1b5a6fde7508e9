import { GY_CM2_PER_GY_M2, type Procedure } from '@kerma/rdsr';
import type { StudyTotals } from '../persistence/study-record.entity';


/** Device totals per plane and over all planes, with the event sums beside them (two different facts). */
export function studyTotals(procedure: Procedure): StudyTotals {
  const planes = [...new Set([...procedure.planes.map((p) => p.plane), ...procedure.eventSums.map((s) => s.plane)])];
  const perPlane = planes.map((plane) => {
    const totals = procedure.planes.find((p) => p.plane === plane);
    const sums = procedure.eventSums.find((s) => s.plane === plane);
    return {
      plane,
      doseRpTotalGy: totals?.doseRpTotalGy?.value ?? null,
      dapTotalGyCm2: totals?.dapTotalGyM2 ? totals.dapTotalGyM2.value * GY_CM2_PER_GY_M2 : null,
      fluoroTimeTotalS: totals?.fluoroTimeTotalS?.value ?? null,
      eventCount: sums?.eventCount ?? 0,
      doseRpEventSumGy: sums?.doseRpSumGy ?? null,
      dapEventSumGyCm2: sums?.dapSumGyM2 != null ? sums.dapSumGyM2 * GY_CM2_PER_GY_M2 : null,
    };
  });
  return {
    doseRpTotalGy: sumOrNull(perPlane.map((p) => p.doseRpTotalGy ?? p.doseRpEventSumGy)),
    dapTotalGyCm2: sumOrNull(perPlane.map((p) => p.dapTotalGyCm2 ?? p.dapEventSumGyCm2)),
    fluoroTimeTotalS: sumOrNull(perPlane.map((p) => p.fluoroTimeTotalS)),
    eventCount: procedure.events.length,
    perPlane,
  };
}

function sumOrNull(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? present.reduce((a, b) => a + b, 0) : null;
}
