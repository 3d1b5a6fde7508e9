import type { Calibration, PlaneTotals, ReferencePointDefinition } from '../model/procedure';
import { Accumulated } from '../sr/codes';
import type { ContentItem } from '../sr/content-item';
import { children } from '../sr/query';
import { codeOrText, codeValue, dateTimeValue, numValue, textValue, toCoded } from '../sr/values';
import { CANONICAL_UNITS as U } from '../units/unit-table';
import { readPlane } from './plane';

/** TID 10002 Accumulated X-Ray Dose (one container per plane) with its TID 10004 totals. */

function readCalibration(container: ContentItem): Calibration {
  return {
    measurementDevice: toCoded(codeValue(container, Accumulated.doseMeasurementDevice)),
    date: dateTimeValue(container, Accumulated.calibrationDate),
    factor: numValue(container, Accumulated.calibrationFactor, U.Count),
    uncertaintyPercent: numValue(container, Accumulated.calibrationUncertainty, U.Percent),
    responsibleParty: textValue(container, Accumulated.calibrationResponsibleParty),
  };
}

export function readReferencePoint(container: ContentItem): ReferencePointDefinition | null {
  return codeOrText(container, Accumulated.referencePointDefinition);
}

export function readAccumulatedXRayDose(container: ContentItem): PlaneTotals {
  return {
    plane: readPlane(container),
    dapTotalGyM2: numValue(container, Accumulated.dapTotal, U.GyM2),
    doseRpTotalGy: numValue(container, Accumulated.doseRpTotal, U.Gy),
    fluoroDapTotalGyM2: numValue(container, Accumulated.fluoroDapTotal, U.GyM2),
    fluoroDoseRpTotalGy: numValue(container, Accumulated.fluoroDoseRpTotal, U.Gy),
    fluoroTimeTotalS: numValue(container, Accumulated.totalFluoroTime, U.S),
    acquisitionDapTotalGyM2: numValue(container, Accumulated.acquisitionDapTotal, U.GyM2),
    acquisitionDoseRpTotalGy: numValue(container, Accumulated.acquisitionDoseRpTotal, U.Gy),
    acquisitionTimeTotalS: numValue(container, Accumulated.totalAcquisitionTime, U.S),
    radiographicFramesTotal: numValue(container, Accumulated.totalNumberOfRadiographicFrames, U.Count),
    referencePoint: readReferencePoint(container),
    calibrations: children(container, Accumulated.calibration, 'CONTAINER').map(readCalibration),
  };
}
