import type { IrradiationEvent, IrradiationEventType, PatientOrientation, PatientOrientationModifier, PatientTableRelationship } from '../model/procedure';
import { Accumulated, Event, EventType, PatientPosition, Report, type Concept } from '../sr/codes';
import type { CodedConcept, ContentItem } from '../sr/content-item';
import { child } from '../sr/query';
import { codeValue, dateTimeValue, numValue, textValue, toCoded, uidValue } from '../sr/values';
import { CANONICAL_UNITS as U } from '../units/unit-table';
import { readPlane } from './plane';
import { readReferencePoint } from './tid10002-accumulated';
import { readSourceData } from './tid10003b-source';
import { readMechanicalData } from './tid10003c-mechanical';

/**
 * TID 10003 Irradiation Event X-Ray Data. Source (10003B) and mechanical (10003C) items are read by
 * their own modules; TID 10003A (detector data) has no field in the model yet and is not read.
 */

type Lookup<T> = readonly (readonly [Concept, T])[];

const EVENT_TYPES: Lookup<IrradiationEventType> = [
  [EventType.fluoroscopy, 'fluoroscopy'],
  [EventType.stationary, 'stationary'],
  [EventType.stepping, 'stepping'],
  [EventType.rotational, 'rotational'],
];

const TABLE_RELATIONSHIPS: Lookup<NonNullable<PatientTableRelationship>> = [
  [PatientPosition.headfirst, 'headfirst'],
  [PatientPosition.feetfirst, 'feetfirst'],
];

const ORIENTATIONS: Lookup<NonNullable<PatientOrientation>> = [
  [PatientPosition.recumbent, 'recumbent'],
  [PatientPosition.erect, 'erect'],
];

const ORIENTATION_MODIFIERS: Lookup<NonNullable<PatientOrientationModifier>> = [
  [PatientPosition.supine, 'supine'],
  [PatientPosition.prone, 'prone'],
  [PatientPosition.leftLateralDecubitus, 'left-lateral'],
  [PatientPosition.rightLateralDecubitus, 'right-lateral'],
];

/** Looks a code up; a code outside the table is 'other' (present but not one we name), absence is null. */
function lookup<T>(table: Lookup<T>, code: CodedConcept | null, other: T): T | null {
  if (code === null) return null;
  return table.find(([c]) => c.keys.has(code.key))?.[1] ?? other;
}

/** The modifier is a child of Patient Orientation (TID 10003 row 13b). */
function readOrientationModifier(event: ContentItem): PatientOrientationModifier {
  const orientation = child(event, Event.patientOrientation, 'CODE');
  return lookup(ORIENTATION_MODIFIERS, codeValue(orientation, Event.patientOrientationModifier), 'other');
}

export function readIrradiationEvent(event: ContentItem): IrradiationEvent {
  const typeCode = codeValue(event, Event.irradiationEventType);
  return {
    uid: uidValue(event, Event.irradiationEventUid),
    plane: readPlane(event),
    type: lookup(EVENT_TYPES, typeCode, 'unknown') ?? 'unknown',
    typeCode: toCoded(typeCode),
    dateTimeStarted: dateTimeValue(event, Event.dateTimeStarted),
    protocol: textValue(event, Event.acquisitionProtocol),
    targetRegion: toCoded(codeValue(event, Event.targetRegion)),
    comment: textValue(event, Report.comment),

    dapGyM2: numValue(event, Event.dap, U.GyM2),
    referencePoint: child(event, Accumulated.referencePointDefinition) ? readReferencePoint(event) : null,

    ...readSourceData(event),
    ...readMechanicalData(event),

    tableXPositionToIsocenterMm: null,
    tableYPositionToIsocenterMm: null,
    tableZPositionToIsocenterMm: null,
    positionerIsocenterPrimaryAngleDeg: null,
    positionerIsocenterSecondaryAngleDeg: null,
    positionerIsocenterDetectorRotationAngleDeg: null,
    frameOfReferenceOrigin: null,

    detectorFieldSizeMm: null,

    patientTableRelationship: lookup(TABLE_RELATIONSHIPS, codeValue(event, Event.patientTableRelationship), 'other'),
    patientOrientation: lookup(ORIENTATIONS, codeValue(event, Event.patientOrientation), 'other'),
    patientOrientationModifier: readOrientationModifier(event),
    patientEquivalentThicknessMm: numValue(event, Event.patientEquivalentThickness, U.Mm),
    imageHeader: null,
  };
}
