import type { IrradiationEvent, MammographyDose, PlaneTotals, ProcedureKind } from '../model/procedure';
import type { AcquisitionDeviceType, ReportedProcedure } from '../templates/tid10001-report';

/**
 * The kind of procedure, from what the report contains rather than from one code. Devices label
 * themselves loosely: a fixed C-arm is an "Integrated Projection Radiography System" (CID 10032) and
 * some write a radiography Procedure Reported for a fluoroscopy-guided procedure. So the content
 * decides first — CT acquisitions, then fluoroscopy (fluoroscopy events, fluoroscopy totals, a second
 * acquisition plane), then mammography doses — and the codes only decide what the content leaves
 * open. Where a code disagrees with the content, a warning says so.
 */

export interface ReportedKindCodes {
  readonly reportedProcedure: ReportedProcedure;
  readonly acquisitionDeviceType: AcquisitionDeviceType | null;
}

export interface KindContent {
  /** CT Accumulated Dose Data or CT Acquisitions (TID 10011) are present. */
  readonly hasCtContent: boolean;
  readonly planes: readonly PlaneTotals[];
  readonly events: readonly IrradiationEvent[];
  readonly mammography: MammographyDose | null;
}

export interface KindDecision {
  readonly kind: ProcedureKind;
  readonly warnings: readonly string[];
}

const CODED_KIND: Readonly<Record<ReportedProcedure, ProcedureKind | null>> = {
  ct: 'ct',
  mammography: 'mammography',
  radiography: 'radiography',
  fluoroscopy: 'projection-xray',
  'projection-xray': null,
  unknown: null,
};

const DEVICE_KIND: Readonly<Record<AcquisitionDeviceType, ProcedureKind | null>> = {
  'fluoroscopy-guided': 'projection-xray',
  integrated: 'radiography',
  'cassette-based': 'radiography',
  other: null,
};

/** What in the report shows fluoroscopy, or null when nothing does. */
function fluoroscopyEvidence(planes: readonly PlaneTotals[], events: readonly IrradiationEvent[]): string | null {
  const fluoroEvents = events.filter((e) => e.type === 'fluoroscopy' || e.fluoroMode !== null).length;
  if (fluoroEvents > 0) return `${fluoroEvents} fluoroscopy event${fluoroEvents === 1 ? '' : 's'}`;
  if (planes.some((p) => p.fluoroDapTotalGyM2 !== null || p.fluoroDoseRpTotalGy !== null || p.fluoroTimeTotalS !== null)) return 'fluoroscopy totals';
  // Only C-arm systems have a second plane; radiography rooms and mammography units report one.
  if (planes.some((p) => p.plane === 'B') || events.some((e) => e.plane === 'B')) return 'a second acquisition plane';
  return null;
}

function fromContent(content: KindContent): { kind: ProcedureKind; evidence: string } | null {
  if (content.hasCtContent) return { kind: 'ct', evidence: 'CT acquisitions' };
  const fluoro = fluoroscopyEvidence(content.planes, content.events);
  if (fluoro !== null) return { kind: 'projection-xray', evidence: fluoro };
  if ((content.mammography?.accumulatedAverageGlandularDose.length ?? 0) > 0) return { kind: 'mammography', evidence: 'accumulated average glandular doses' };
  return null;
}

export function procedureKind(codes: ReportedKindCodes, content: KindContent): KindDecision {
  const byProcedure = CODED_KIND[codes.reportedProcedure];
  const byDevice = codes.acquisitionDeviceType === null ? null : DEVICE_KIND[codes.acquisitionDeviceType];
  const coded = byProcedure ?? byDevice;
  const found = fromContent(content);
  if (found !== null) {
    const disagree = [
      ...(byProcedure !== null && byProcedure !== found.kind ? [`Procedure Reported (${codes.reportedProcedure})`] : []),
      ...(byDevice !== null && byDevice !== found.kind ? [`Acquisition Device Type (${codes.acquisitionDeviceType})`] : []),
    ];
    const warnings = disagree.length
      ? [`${disagree.join(' and ')} disagree${disagree.length === 1 ? 's' : ''} with the report's ${found.evidence}; read as ${found.kind}`]
      : [];
    return { kind: found.kind, warnings };
  }
  if (coded !== null) return { kind: coded, warnings: [] };
  // Projection events without any fluoroscopy and no code that decides: a radiography system (TID 10007).
  return { kind: content.planes.length > 0 ? 'radiography' : 'projection-xray', warnings: [] };
}
