import type { CtAcquisition, CtTotals } from '../model/procedure';
import { Ct, CtSize, Event, Report, Source } from '../sr/codes';
import type { Quantity } from '../model/procedure';
import type { ContentItem } from '../sr/content-item';
import { child, children } from '../sr/query';
import { codeValue, numValue, textValue, toCoded, uidValue } from '../sr/values';
import { CANONICAL_UNITS as U } from '../units/unit-table';

/** TID 10011 CT Radiation Dose: accumulated totals (TID 10012) and one CT Acquisition per event (TID 10013). */

/** The header's patient dimensions (0010,1024 / 0010,1023), standing in where an acquisition gives none. */
export interface HeaderPatientSize {
  readonly lateralDimensionMm: Quantity | null;
  readonly apDimensionMm: Quantity | null;
}

function readAcquisition(acquisition: ContentItem, header: HeaderPatientSize): CtAcquisition {
  const parameters = child(acquisition, Ct.acquisitionParameters, 'CONTAINER');
  const dose = child(acquisition, Ct.ctDose, 'CONTAINER');
  const sources = children(parameters, Ct.xRaySourceParameters, 'CONTAINER');
  return {
    uid: uidValue(acquisition, Event.irradiationEventUid),
    protocol: textValue(acquisition, Event.acquisitionProtocol),
    targetRegion: toCoded(codeValue(acquisition, Event.targetRegion)),
    acquisitionType: toCoded(codeValue(acquisition, Ct.acquisitionType)),
    ctdiVolMGy: numValue(dose, Ct.meanCtdiVol, U.MGy),
    dlpMGyCm: numValue(dose, Ct.dlp, U.MGyCm),
    phantomType: toCoded(codeValue(dose, Ct.phantomType)),
    // Dual-source scanners list one source container per tube; the first tube's kVp stands for the acquisition.
    kvp: sources.length > 0 ? numValue(sources[0]!, Source.kvp, U.KV) : null,
    exposureTimeS: numValue(parameters, Ct.exposureTime, U.S),
    scanningLengthMm: numValue(parameters, Ct.scanningLength, U.Mm),
    lateralDimensionMm: numValue(dose, CtSize.measuredLateralDimension, U.Mm) ?? header.lateralDimensionMm,
    apDimensionMm: numValue(dose, CtSize.measuredApDimension, U.Mm) ?? header.apDimensionMm,
    effectiveDiameterMm: numValue(dose, CtSize.derivedEffectiveDiameter, U.Mm),
  };
}

export interface CtDose {
  readonly totals: CtTotals;
  readonly acquisitions: readonly CtAcquisition[];
}

export function readCtDose(root: ContentItem, header: HeaderPatientSize = { lateralDimensionMm: null, apDimensionMm: null }): CtDose {
  const accumulated = child(root, Report.ctAccumulatedDoseData, 'CONTAINER');
  return {
    totals: {
      dlpTotalMGyCm: numValue(accumulated, Ct.dlpTotal, U.MGyCm),
      eventCount: numValue(accumulated, Ct.totalNumberOfIrradiationEvents, U.Count),
    },
    acquisitions: children(root, Report.ctAcquisition, 'CONTAINER').map((a) => readAcquisition(a, header)),
  };
}
