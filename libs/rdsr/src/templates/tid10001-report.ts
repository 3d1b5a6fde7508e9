import type { Coded } from '../model/procedure';
import { ProcedureType, Report, type Concept } from '../sr/codes';
import type { CodedConcept, ContentItem } from '../sr/content-item';
import { child, children } from '../sr/query';
import { codeValue, textValue, toCoded, uidValue } from '../sr/values';
import { AcquisitionDevice, ProcedureTypeExtra } from './projection-codes';

/** TID 10001 Projection X-Ray Radiation Dose: the rows of the document root. */

export type ReportedProcedure = 'projection-xray' | 'radiography' | 'fluoroscopy' | 'ct' | 'mammography' | 'unknown';

const PROCEDURES: readonly (readonly [Concept, ReportedProcedure])[] = [
  [ProcedureType.projectionXRay, 'projection-xray'],
  [ProcedureType.computedTomography, 'ct'],
  [ProcedureType.mammography, 'mammography'],
  [ProcedureTypeExtra.plainRadiography, 'radiography'],
  [ProcedureTypeExtra.fluoroscopy, 'fluoroscopy'],
  [ProcedureTypeExtra.fluoroscopyAndRadiography, 'fluoroscopy'],
];

/** TID 10001 row 4 (CID 10032): what kind of projection system wrote the report. */
export type AcquisitionDeviceType = 'fluoroscopy-guided' | 'integrated' | 'cassette-based' | 'other';

const DEVICE_TYPES: readonly (readonly [Concept, AcquisitionDeviceType])[] = [
  [AcquisitionDevice.fluoroscopyGuided, 'fluoroscopy-guided'],
  [AcquisitionDevice.integrated, 'integrated'],
  [AcquisitionDevice.cassetteBased, 'cassette-based'],
];

export interface ReportRoot {
  readonly procedureReported: Coded | null;
  readonly reportedProcedure: ReportedProcedure;
  /** Null when the report leaves row 4 out. */
  readonly acquisitionDeviceType: AcquisitionDeviceType | null;
  readonly scopeOfAccumulation: Coded | null;
  /** The UID the scope names: Study Instance UID, PPS SOP Instance UID, … */
  readonly scopeUid: string | null;
  readonly accumulated: readonly ContentItem[];
  readonly events: readonly ContentItem[];
  readonly comments: readonly string[];
}

function reportedProcedure(code: CodedConcept | null): ReportedProcedure {
  if (code === null) return 'unknown';
  return PROCEDURES.find(([c]) => c.keys.has(code.key))?.[1] ?? 'unknown';
}

function acquisitionDeviceType(code: CodedConcept | null): AcquisitionDeviceType | null {
  if (code === null) return null;
  return DEVICE_TYPES.find(([c]) => c.keys.has(code.key))?.[1] ?? 'other';
}

export function readReportRoot(root: ContentItem): ReportRoot {
  const procedure = codeValue(root, Report.procedureReported);
  const scope = child(root, Report.scopeOfAccumulation, 'CODE');
  const scopeUid = scope?.children.find((c) => c.valueType === 'UIDREF');
  return {
    procedureReported: toCoded(procedure),
    reportedProcedure: reportedProcedure(procedure),
    acquisitionDeviceType: acquisitionDeviceType(codeValue(root, AcquisitionDevice.acquisitionDeviceType)),
    scopeOfAccumulation: toCoded(scope?.code ?? null),
    scopeUid: scopeUid?.valueType === 'UIDREF' ? scopeUid.uid : uidValue(root, Report.studyInstanceUid),
    accumulated: children(root, Report.accumulatedXRayDoseData, 'CONTAINER'),
    events: children(root, Report.irradiationEventXRayData, 'CONTAINER'),
    comments: children(root, Report.comment, 'TEXT').flatMap((c) => (c.text === null ? [] : [c.text])),
  };
}

export function rootComment(root: ContentItem): string | null {
  return textValue(root, Report.comment);
}
