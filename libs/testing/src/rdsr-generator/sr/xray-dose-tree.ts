import type { FilterSpec, IrradiationEventSpec, PlaneTotalsSpec, ProcedureSpec, ReferencePointSpec, SpecEventType, SpecPlane } from '../procedure-spec';
import { CONCEPT, type Code } from './codes';
import { codeValue, container, dateTime, emptyNum, num, optionalNum, text, ucum, uidRef, type ContentItem, type Relationship } from './content-items';
import type { Dialect } from './dialect';
import { xrayFilterItem } from './filter-item';
import { PROJECTION_CODES } from './projection-report-codes';

/** The content tree of TID 10001 (root excluded): observer context, accumulated data per plane, events. */
export function xrayDoseContent(spec: ProcedureSpec, dialect: Dialect): ContentItem[] {
  const content = [
    ...procedureReported(dialect),
    ...acquisitionDeviceType(dialect),
    ...deviceObserver(spec, dialect),
    ...scopeOfAccumulation(spec, dialect),
    ...spec.planes.map((totals) => accumulatedDoseData(totals, spec, dialect)),
    ...spec.events.map((event) => irradiationEvent(event, spec, dialect)),
    ...optionalComment(dialect.rootComment(spec)),
    codeValue('CONTAINS', CONCEPT.sourceOfDoseInformation, dialect.sourceOfDoseInformation),
  ];
  return Object.keys(dialect.conceptMeanings).length > 0 ? content.map((item) => respell(item, dialect.conceptMeanings)) : content;
}

function respell(item: ContentItem, meanings: Readonly<Record<string, string>>): ContentItem {
  const [concept] = item['ConceptNameCodeSequence'] as ContentItem[];
  const meaning = concept['CodingSchemeDesignator'] === 'DCM' ? meanings[concept['CodeValue'] as string] : undefined;
  const nested = item['ContentSequence'] as ContentItem[] | undefined;
  return {
    ...item,
    ...(meaning === undefined ? {} : { ConceptNameCodeSequence: [{ ...concept, CodeMeaning: meaning }] }),
    ...(nested === undefined ? {} : { ContentSequence: nested.map((child) => respell(child, meanings)) }),
  };
}

const MM = ucum('mm');
const DEG = ucum('deg');
const M2 = ucum('m2');
const KV = ucum('kV');
const MA = ucum('mA');
const MS = ucum('ms');
const S = ucum('s');
const NO_UNITS = ucum('1', 'no units');
const PERCENT = ucum('%', 'Percent');

/** A parent with children, or — for dialects that get the nesting wrong — the parent followed by its children. */
function withChildren(dialect: Dialect, parent: (children: readonly ContentItem[]) => ContentItem, children: readonly ContentItem[]): ContentItem[] {
  return dialect.childrenAsSiblings ? [parent([]), ...children] : [parent(children)];
}

function procedureReported(dialect: Dialect): ContentItem[] {
  const { hasIntent, intent } = dialect.vocabulary;
  return withChildren(dialect, (children) => codeValue('HAS CONCEPT MOD', CONCEPT.procedureReported, dialect.procedureReported, children), [
    codeValue('HAS CONCEPT MOD', hasIntent, intent),
  ]);
}

function acquisitionDeviceType(dialect: Dialect): ContentItem[] {
  return dialect.acquisitionDeviceType === null ? [] : [codeValue('CONTAINS', PROJECTION_CODES.acquisitionDeviceType, dialect.acquisitionDeviceType)];
}

function deviceObserver(spec: ProcedureSpec, dialect: Dialect): ContentItem[] {
  const { device } = spec;
  const context: Relationship = 'HAS OBS CONTEXT';
  return [
    codeValue(context, CONCEPT.observerType, CONCEPT.device),
    dialect.deviceObserverUidAsText
      ? text(context, CONCEPT.deviceObserverUid, device.deviceObserverUid)
      : uidRef(context, CONCEPT.deviceObserverUid, device.deviceObserverUid),
    text(context, CONCEPT.deviceObserverName, device.stationName),
    text(context, CONCEPT.deviceObserverManufacturer, device.manufacturer),
    text(context, CONCEPT.deviceObserverModelName, device.modelName),
    text(context, CONCEPT.deviceObserverSerialNumber, device.serialNumber),
  ];
}

function scopeOfAccumulation(spec: ProcedureSpec, dialect: Dialect): ContentItem[] {
  const study = dialect.scope === 'study';
  return withChildren(
    dialect,
    (children) => codeValue('HAS OBS CONTEXT', CONCEPT.scopeOfAccumulation, study ? CONCEPT.study : CONCEPT.performedProcedureStep, children),
    [
      study
        ? uidRef('HAS PROPERTIES', CONCEPT.studyInstanceUid, spec.study.studyInstanceUid)
        : uidRef('HAS PROPERTIES', CONCEPT.ppsSopInstanceUid, spec.study.performedProcedureStepUid),
    ],
  );
}

const PLANE_CODES: Readonly<Record<SpecPlane, Code>> = {
  A: CONCEPT.planeA,
  B: CONCEPT.planeB,
  single: CONCEPT.singlePlane,
};

function referencePointItem(referencePoint: ReferencePointSpec): ContentItem {
  return referencePoint.kind === 'code'
    ? codeValue('CONTAINS', CONCEPT.referencePointDefinition, { value: referencePoint.codeValue, scheme: 'DCM', meaning: referencePoint.meaning })
    : text('CONTAINS', CONCEPT.referencePointDefinition, referencePoint.text);
}

function accumulatedDoseData(totals: PlaneTotalsSpec, spec: ProcedureSpec, dialect: Dialect): ContentItem {
  const { dap, doseRp } = dialect.units;
  const items: ContentItem[] = [codeValue('HAS CONCEPT MOD', CONCEPT.acquisitionPlane, PLANE_CODES[totals.plane])];
  if (dialect.calibration) {
    items.push(
      container('CONTAINS', CONCEPT.calibration, [
        ...(dialect.vocabulary.dosimeter ? [codeValue('HAS CONCEPT MOD', CONCEPT.doseMeasurementDevice, dialect.vocabulary.dosimeter)] : []),
        dateTime('CONTAINS', CONCEPT.calibrationDate, `${spec.study.date.slice(0, 4)}0102120000`),
        num('CONTAINS', CONCEPT.calibrationFactor, 1, NO_UNITS),
        num('CONTAINS', CONCEPT.calibrationUncertainty, 5, PERCENT),
        text('CONTAINS', CONCEPT.calibrationResponsibleParty, spec.device.manufacturer),
      ]),
    );
  }
  items.push(
    num('CONTAINS', CONCEPT.dapTotal, totals.dapTotalGyM2, dap),
    num('CONTAINS', CONCEPT.doseRpTotal, totals.doseRpTotalGy, doseRp),
    num('CONTAINS', CONCEPT.fluoroDapTotal, totals.fluoroDapTotalGyM2, dap),
    num('CONTAINS', CONCEPT.fluoroDoseRpTotal, totals.fluoroDoseRpTotalGy, doseRp),
    num('CONTAINS', CONCEPT.totalFluoroTime, totals.fluoroTimeTotalS, S),
    num('CONTAINS', CONCEPT.acquisitionDapTotal, totals.acquisitionDapTotalGyM2, dap),
    num('CONTAINS', CONCEPT.acquisitionDoseRpTotal, totals.acquisitionDoseRpTotalGy, doseRp),
    num('CONTAINS', CONCEPT.totalAcquisitionTime, totals.acquisitionTimeTotalS, S),
    num('CONTAINS', CONCEPT.totalRadiographicFrames, totals.radiographicFramesTotal, NO_UNITS),
  );
  if (totals.referencePoint) items.push(referencePointItem(totals.referencePoint));
  items.push(...dialect.vendorPlaneItems(totals, spec));
  return container('CONTAINS', CONCEPT.accumulatedDoseData, items);
}

function eventTypeCode(type: SpecEventType, dialect: Dialect): Code {
  const codes: Readonly<Record<SpecEventType, Code>> = {
    fluoroscopy: dialect.vocabulary.fluoroscopy,
    stationary: CONCEPT.stationaryAcquisition,
    stepping: CONCEPT.steppingAcquisition,
    rotational: CONCEPT.rotationalAcquisition,
  };
  return codes[type];
}

function filterItem(filter: FilterSpec, dialect: Dialect): ContentItem {
  return xrayFilterItem(dialect.filterType, dialect.vocabulary[filter.material], filter.thicknessMinMm, filter.thicknessMaxMm);
}

function patientOrientation(event: IrradiationEventSpec, dialect: Dialect): ContentItem[] {
  const { vocabulary } = dialect;
  const items: ContentItem[] = [];
  if (event.patientTableRelationship) {
    items.push(codeValue('CONTAINS', CONCEPT.patientTableRelationship, vocabulary[event.patientTableRelationship]));
  }
  if (event.patientOrientationModifier) {
    items.push(
      ...withChildren(dialect, (children) => codeValue('CONTAINS', CONCEPT.patientOrientation, vocabulary.recumbent, children), [
        codeValue('HAS CONCEPT MOD', CONCEPT.patientOrientationModifier, vocabulary[event.patientOrientationModifier]),
      ]),
    );
  }
  return items;
}

function positionerAngles(event: IrradiationEventSpec, dialect: Dialect): ContentItem[] {
  if (dialect.emptyPositionerAngles) {
    return [emptyNum('CONTAINS', CONCEPT.positionerPrimaryAngle), emptyNum('CONTAINS', CONCEPT.positionerSecondaryAngle)];
  }
  const items: ContentItem[] = [];
  optionalNum(items, CONCEPT.positionerPrimaryAngle, event.primaryAngleDeg, DEG);
  optionalNum(items, CONCEPT.positionerSecondaryAngle, event.secondaryAngleDeg, DEG);
  optionalNum(items, CONCEPT.positionerPrimaryEndAngle, event.primaryEndAngleDeg, DEG);
  optionalNum(items, CONCEPT.positionerSecondaryEndAngle, event.secondaryEndAngleDeg, DEG);
  return items;
}

function irradiationEvent(event: IrradiationEventSpec, spec: ProcedureSpec, dialect: Dialect): ContentItem {
  const { units } = dialect;
  const items: ContentItem[] = [
    codeValue('HAS CONCEPT MOD', CONCEPT.acquisitionPlane, PLANE_CODES[event.plane]),
    dateTime('CONTAINS', CONCEPT.dateTimeStarted, event.dateTimeStarted),
    codeValue('CONTAINS', CONCEPT.irradiationEventType, eventTypeCode(event.type, dialect)),
    text('CONTAINS', CONCEPT.acquisitionProtocol, event.protocol),
    codeValue('CONTAINS', CONCEPT.targetRegion, dialect.vocabulary.entireBody),
  ];
  if (dialect.referencePointPerEvent && event.referencePoint) items.push(referencePointItem(event.referencePoint));
  items.push(uidRef('CONTAINS', CONCEPT.irradiationEventUid, event.uid));
  optionalNum(items, CONCEPT.dap, event.dapGyM2, units.dap);
  optionalNum(items, CONCEPT.doseRp, event.doseRpGy, units.doseRp);
  items.push(...patientOrientation(event, dialect));
  items.push(...positionerAngles(event, dialect));
  optionalNum(items, CONCEPT.tableHeadTiltAngle, event.tableHeadTiltDeg, DEG);
  optionalNum(items, CONCEPT.collimatedFieldArea, event.collimatedFieldAreaM2, M2);
  optionalNum(items, CONCEPT.collimatedFieldHeight, event.collimatedFieldHeightMm, MM);
  optionalNum(items, CONCEPT.collimatedFieldWidth, event.collimatedFieldWidthMm, MM);
  items.push(...event.filters.map((filter) => filterItem(filter, dialect)));
  if (event.fluoroMode) {
    items.push(codeValue('CONTAINS', CONCEPT.fluoroMode, event.fluoroMode === 'pulsed' ? CONCEPT.pulsed : CONCEPT.continuous));
  }
  optionalNum(items, CONCEPT.pulseRate, event.pulseRatePerS, units.pulseRate);
  optionalNum(items, CONCEPT.numberOfPulses, event.numberOfPulses, NO_UNITS);
  optionalNum(items, CONCEPT.irradiationDuration, event.irradiationDurationS, units.irradiationDuration);
  optionalNum(items, CONCEPT.kvp, event.kvp, KV);
  optionalNum(items, dialect.tubeCurrentConcept, event.tubeCurrentMA, MA);
  optionalNum(items, dialect.exposureTimeConcept, event.exposureTimeMs, MS);
  optionalNum(items, CONCEPT.pulseWidth, event.pulseWidthMs, MS);
  optionalNum(items, CONCEPT.exposure, event.exposureMAs, units.exposure);
  optionalNum(items, CONCEPT.focalSpotSize, event.focalSpotSizeMm, MM);
  optionalNum(items, CONCEPT.distanceSourceToIsocenter, event.distanceSourceToIsocenterMm, MM);
  if (dialect.writesDistanceSourceToDetector(event)) {
    optionalNum(items, CONCEPT.distanceSourceToDetector, event.distanceSourceToDetectorMm, MM);
  }
  optionalNum(items, CONCEPT.distanceSourceToReferencePoint, event.distanceSourceToReferencePointMm, MM);
  optionalNum(items, CONCEPT.tableLongitudinalPosition, event.tableLongitudinalMm, MM);
  optionalNum(items, CONCEPT.tableLateralPosition, event.tableLateralMm, MM);
  if (dialect.writesTableHeight) optionalNum(items, CONCEPT.tableHeightPosition, event.tableHeightMm, MM);
  optionalNum(items, CONCEPT.patientEquivalentThickness, event.patientEquivalentThicknessMm, MM);
  if (dialect.enhancedGeometry) items.push(...enhancedGeometry(event));
  items.push(...optionalComment(dialect.eventComment(event, spec)));
  items.push(...dialect.vendorEventItems(event));
  return container('CONTAINS', CONCEPT.irradiationEvent, items);
}

function enhancedGeometry(event: IrradiationEventSpec): ContentItem[] {
  const items: ContentItem[] = [codeValue('CONTAINS', CONCEPT.frameOfReferenceOrigin, CONCEPT.isocenter)];
  optionalNum(items, CONCEPT.tableXPositionToIsocenter, event.tableXPositionToIsocenterMm, MM);
  optionalNum(items, CONCEPT.tableYPositionToIsocenter, event.tableYPositionToIsocenterMm, MM);
  optionalNum(items, CONCEPT.tableZPositionToIsocenter, event.tableZPositionToIsocenterMm, MM);
  optionalNum(items, CONCEPT.positionerIsocenterPrimaryAngle, event.positionerIsocenterPrimaryAngleDeg, DEG);
  optionalNum(items, CONCEPT.positionerIsocenterSecondaryAngle, event.positionerIsocenterSecondaryAngleDeg, DEG);
  return items;
}

function optionalComment(comment: string | null): ContentItem[] {
  return comment === null ? [] : [text('CONTAINS', CONCEPT.comment, comment)];
}
