import type { IrradiationEventSpec, PlaneTotalsSpec, ProcedureSpec } from '../procedure-spec';
import type { Code, SnomedVocabulary } from './codes';
import type { ContentItem, Unit } from './content-items';

/**
 * How one flavour encodes the report: SOP class, vocabulary, units, and the deviations real devices make.
 * The tree builder is shared; everything vendor-specific is a value or a hook here.
 */
export interface Dialect {
  readonly sopClassUid: string;
  readonly vocabulary: SnomedVocabulary;
  readonly units: {
    readonly dap: Unit;
    readonly doseRp: Unit;
    readonly exposure: Unit;
    readonly pulseRate: Unit;
    readonly irradiationDuration: Unit;
  };
  readonly exposureTimeConcept: Code;
  readonly tubeCurrentConcept: Code;
  readonly filterType: Code;
  readonly sourceOfDoseInformation: Code;
  /** TID 10001 row 2, Procedure reported (CID 10005). */
  readonly procedureReported: Code;
  /** TID 10001 row 4, Acquisition Device Type (CID 10032); null leaves the row out. */
  readonly acquisitionDeviceType: Code | null;
  readonly scope: 'study' | 'performed-procedure-step';
  /** Whether ManufacturerModelName is in the dataset header (some devices give the model only in the observer context). */
  readonly modelNameInHeader: boolean;
  readonly deviceObserverUidAsText: boolean;
  /** Repeat the Reference Point Definition in every event. */
  readonly referencePointPerEvent: boolean;
  /** Write positioner angles as NUM items with an empty MeasuredValueSequence. */
  readonly emptyPositionerAngles: boolean;
  /** Put children (Has Intent, Study Instance UID, Orientation Modifier) beside their parent instead of under it. */
  readonly childrenAsSiblings: boolean;
  /** Only when the flavour writes DCM Distance Source to Detector for this event (otherwise it is left to private items). */
  readonly writesDistanceSourceToDetector: (event: IrradiationEventSpec) => boolean;
  /** Whether DCM Table Height Position is written (Philips Allura sends it only as a private item). */
  readonly writesTableHeight: boolean;
  /** Whether the accumulated data carries a Calibration container. */
  readonly calibration: boolean;
  /** Code meanings a device spells its own way, by DCM code value (matching is by code, so only display changes). */
  readonly conceptMeanings: Readonly<Record<string, string>>;
  readonly rootComment: (spec: ProcedureSpec) => string | null;
  readonly eventComment: (event: IrradiationEventSpec, spec: ProcedureSpec) => string | null;
  readonly vendorPlaneItems: (totals: PlaneTotalsSpec, spec: ProcedureSpec) => readonly ContentItem[];
  readonly vendorEventItems: (event: IrradiationEventSpec) => readonly ContentItem[];
  readonly enhancedGeometry: boolean;
}
