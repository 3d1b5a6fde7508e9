import type { IrradiationEvent, XRayFilter } from '../model/procedure';
import { FilterMaterial, Source, type Concept } from '../sr/codes';
import type { CodedConcept, ContentItem } from '../sr/content-item';
import { children } from '../sr/query';
import { codeValue, numValue, toCoded } from '../sr/values';
import { CANONICAL_UNITS as U } from '../units/unit-table';
import { FilterMaterialSct } from './projection-codes';

/** TID 10003B Irradiation Event X-Ray Source Data: the items of one event that describe the beam. */

export type SourceFields = Pick<
  IrradiationEvent,
  | 'doseRpGy'
  | 'fluoroMode'
  | 'kvp'
  | 'tubeCurrentMA'
  | 'averageTubeCurrentMA'
  | 'exposureTimeMs'
  | 'exposureMAs'
  | 'pulseWidthMs'
  | 'pulseRatePerS'
  | 'numberOfPulses'
  | 'irradiationDurationS'
  | 'focalSpotSizeMm'
  | 'filters'
  | 'collimatedFieldAreaM2'
  | 'collimatedFieldHeightMm'
  | 'collimatedFieldWidthMm'
>;

const MATERIALS: readonly (readonly [Concept, NonNullable<XRayFilter['materialName']>])[] = [
  [FilterMaterial.copper, 'copper'],
  [FilterMaterial.aluminum, 'aluminum'],
  [FilterMaterial.molybdenum, 'molybdenum'],
  [FilterMaterial.rhodium, 'rhodium'],
  [FilterMaterial.silver, 'silver'],
  [FilterMaterial.lead, 'lead'],
  [FilterMaterial.niobium, 'niobium'],
  [FilterMaterial.europium, 'europium'],
  [FilterMaterialSct.molybdenum, 'molybdenum'],
  [FilterMaterialSct.rhodium, 'rhodium'],
  [FilterMaterialSct.silver, 'silver'],
  [FilterMaterialSct.lead, 'lead'],
  [FilterMaterialSct.niobium, 'niobium'],
  [FilterMaterialSct.europium, 'europium'],
  [FilterMaterialSct.tin, 'tin'],
];

function materialName(code: CodedConcept | null): XRayFilter['materialName'] {
  if (code === null) return null;
  return MATERIALS.find(([c]) => c.keys.has(code.key))?.[1] ?? 'other';
}

function readFilter(container: ContentItem): XRayFilter {
  const material = codeValue(container, Source.xRayFilterMaterial);
  return {
    type: toCoded(codeValue(container, Source.xRayFilterType)),
    material: toCoded(material),
    materialName: materialName(material),
    thicknessMinMm: numValue(container, Source.xRayFilterThicknessMinimum, U.Mm),
    thicknessMaxMm: numValue(container, Source.xRayFilterThicknessMaximum, U.Mm),
  };
}

function readFluoroMode(event: ContentItem): SourceFields['fluoroMode'] {
  const code = codeValue(event, Source.fluoroMode);
  if (code === null) return null;
  if (Source.pulsed.keys.has(code.key)) return 'pulsed';
  if (Source.continuous.keys.has(code.key)) return 'continuous';
  return null;
}

export function readSourceData(event: ContentItem): SourceFields {
  return {
    doseRpGy: numValue(event, Source.doseRp, U.Gy),
    fluoroMode: readFluoroMode(event),
    kvp: numValue(event, Source.kvp, U.KV),
    tubeCurrentMA: numValue(event, Source.tubeCurrent, U.MA),
    averageTubeCurrentMA: numValue(event, Source.averageTubeCurrent, U.MA),
    // 113735 is the retired code of Exposure Time that Siemens still sends.
    exposureTimeMs: numValue(event, Source.exposureTime, U.Ms) ?? numValue(event, Source.exposureTimeRetired, U.Ms),
    exposureMAs: numValue(event, Source.exposure, U.MAs),
    pulseWidthMs: numValue(event, Source.pulseWidth, U.Ms),
    pulseRatePerS: numValue(event, Source.pulseRate, U.PerS),
    numberOfPulses: numValue(event, Source.numberOfPulses, U.Count),
    irradiationDurationS: numValue(event, Source.irradiationDuration, U.S),
    focalSpotSizeMm: numValue(event, Source.focalSpotSize, U.Mm),
    filters: children(event, Source.xRayFilters, 'CONTAINER').map(readFilter),
    collimatedFieldAreaM2: numValue(event, Source.collimatedFieldArea, U.M2),
    collimatedFieldHeightMm: numValue(event, Source.collimatedFieldHeight, U.Mm),
    collimatedFieldWidthMm: numValue(event, Source.collimatedFieldWidth, U.Mm),
  };
}
