import type { AcquisitionPlane } from '@kerma/rdsr';
import type { GeometryProfile, ProfileSelectionKind } from '../profiles';
import type { PhantomKind, CylinderDimensions, PlaneDimensions, Vec3, BodyTarget } from '../phantoms';
import type { DeviceClass, PatientPosition } from '../geometry';
import type { RoomContext } from '../rooms';

/** Where the phantom's height or mass came from: the dose report, the RIS (CSV import), FHIR, an engine option, or the reference body. */
export type PatientSizeSource = 'rdsr' | 'ris-csv' | 'fhir' | 'option' | 'default';

export interface SkinDoseOptions {
  readonly phantom?: PhantomKind;
  /** Skin cell side, ≤ 10 mm (default 10). */
  readonly cellSizeMm?: number;
  /** A physicist's profiles, tried before the built-ins (already validated, or pass them through validateProfile). */
  readonly profiles?: readonly GeometryProfile[];
  /** Use this profile id whatever the device. */
  readonly profileId?: string;
  /** Table + mattress transmission at normal incidence, replacing the profile's tables. */
  readonly tableTransmission?: number;
  /** Reference point at this many cm from the isocenter toward the source, for every event. */
  readonly referencePointCm?: number;
  readonly inherentFiltrationMmAl?: number;
  readonly patientPosition?: PatientPosition;
  readonly patientHeightM?: number;
  readonly patientMassKg?: number;
  /** Where patientHeightM / patientMassKg came from (default 'option'). */
  readonly patientSizeSources?: {
    readonly heightM?: Exclude<PatientSizeSource, 'rdsr' | 'default'>;
    readonly massKg?: Exclude<PatientSizeSource, 'rdsr' | 'default'>;
  };
  /** The room of the study (its commissioned values apply over the profile); absent: no room is recorded. */
  readonly room?: RoomContext;
  readonly cylinder?: CylinderDimensions;
  readonly plane?: PlaneDimensions;
  /** Isocenter of the anchor table position, in the patient frame (mm), instead of the target region. */
  readonly isocenterAnchorMm?: Vec3;
  /** Traces of the procedure with the assumed inputs drawn from their ranges, for the 95 % interval (16–1000; default 64, fewer down to 24 above 375 events). */
  readonly uncertaintySamples?: number;
}

export type AssumptionCode =
  | 'profile-fallback'
  | 'profile-partial-match'
  | 'patient-position-assumed'
  | 'patient-height-assumed'
  | 'patient-mass-assumed'
  | 'table-transmission-estimated'
  | 'reference-point-defaulted'
  | 'geometry-unavailable'
  | 'skin-distance-unknown'
  | 'angle-out-of-range'
  | 'isocenter-anchored'
  | 'table-position-missing'
  | 'distance-defaulted'
  | 'distance-carried-forward'
  | 'field-from-detector-size'
  | 'kvp-defaulted'
  | 'filter-thickness-range'
  | 'filter-material-ignored'
  | 'hvl-out-of-table'
  | 'secondary-angle-defaulted'
  | 'rotation-end-angle-missing'
  | 'table-tilt-ignored'
  | 'kerma-derived-from-dap'
  | 'room-uncommissioned';

export interface Assumption {
  readonly code: AssumptionCode;
  readonly message: string;
  /** Number of events concerned, for per-event assumptions. */
  readonly eventCount?: number;
}

export interface PsdLocation {
  readonly region: string;
  readonly mapRow: number;
  readonly mapColumn: number;
  /** Cell centre in the patient frame (x left, y toward the head from the top of the phantom, z anterior), mm. */
  readonly positionMm: Vec3;
}

export interface PlaneContribution {
  readonly plane: AcquisitionPlane;
  readonly eventCount: number;
  readonly kermaRpGy: number;
  readonly dapGyM2: number | null;
  /** Peak of this plane's own map, Gy. */
  readonly psdGy: number;
  readonly dapShareOnPhantom: number | null;
}

export interface UncertaintyComponent {
  /** An input the study had to assume (or a model factor), e.g. "isocenter, lateral". */
  readonly component: string;
  /** How it was drawn, e.g. "uniform ±50 mm". */
  readonly distribution: string;
  /** Where the range comes from. */
  readonly basis: string;
  /** First-order share of the variance of ln PSD over the samples (r², or η² for a choice among options), 0–1. */
  readonly varianceShare: number;
  /** √share × the relative standard uncertainty of the PSD: this input's part, comparable between inputs. */
  readonly relativeStandardUncertainty: number;
}

export interface Uncertainty {
  readonly method: 'sampled';
  /** Engine traces with the assumed inputs drawn from their ranges (fixed seed: the same study gives the same interval). */
  readonly samples: number;
  readonly seed: number;
  /** The samples are traced on cells this large and applied to the PSD as ratios to the same trace unperturbed. */
  readonly sampleCellSizeMm: number;
  /** 95 % interval of the PSD (log-normal fit to the samples: asymmetric, never negative). */
  readonly psdInterval95Gy: { readonly lowerGy: number; readonly upperGy: number };
  readonly coverageFactor: 2;
  /** Derived for older consumers: the larger relative half-width of the 95 % interval, max(upper/PSD − 1, 1 − lower/PSD). */
  readonly expandedRelative: number;
  /** Same as psdInterval95Gy (older field names). */
  readonly psdLowGy: number;
  readonly psdHighGy: number;
  /** Every input drawn, largest share first. */
  readonly budget: readonly UncertaintyComponent[];
  /** The inputs that together carry at least 80 % of the variance (at most three), largest first. */
  readonly dominant: readonly string[];
}

export interface SanityFinding {
  readonly code: 'kar-too-large-for-dap' | 'kar-too-small-for-dap' | 'kar-dap-field-mismatch' | 'kar-implausibly-high' | 'event-kerma-below-device-total';
  readonly message: string;
}

/** The unrolled skin map: dose per cell, row-major, NaN where the map has no skin. */
export interface DoseMap {
  readonly widthCells: number;
  readonly heightCells: number;
  readonly cellSizeMm: number;
  readonly layout: string;
  readonly doseGy: Float32Array;
}

/** Σ event Ka,r used by the engine (as displayed, before a room correction factor) against the device's Dose (RP) Total of the plane. */
export interface KermaReconciliation {
  readonly plane: AcquisitionPlane;
  readonly deviceTotalGy: number;
  readonly eventSumGy: number;
  /** Share of the device total that no used event carries (0 when the events add up to it or more). */
  readonly missingFraction: number;
}

export interface WithoutGeometry {
  readonly eventCount: number;
  readonly kermaRpGy: number;
  /** Skin at the reference point (inverse square 1), all events on the same skin, Gy. */
  readonly estimateGy: number;
  /** Skin at the minimum source–skin distance of the device class, all events on the same skin, Gy. */
  readonly upperBoundGy: number;
  readonly deviceClass: DeviceClass;
  readonly minimumSourceSkinDistanceMm: number;
  /** The device class and the regulation the distance comes from. */
  readonly basis: string;
  readonly events: readonly { readonly index: number; readonly reason: string }[];
}

export interface SkinDoseResult {
  readonly algorithmVersion: string;
  readonly method: 'ray-trace' | 'geometry-unavailable';
  /** Peak skin dose, Gy: ray-traced peak plus the estimate of events without geometry. */
  readonly psdGy: number;
  /** 95 % interval of the PSD from sampling the assumed inputs (same as uncertainty.psdInterval95Gy). */
  readonly psdInterval95Gy: { readonly lowerGy: number; readonly upperGy: number };
  readonly psdLocation: PsdLocation | null;
  /** Skin area at or above 2, 3, 5 and 10 Gy, cm². */
  readonly areaAtOrAboveCm2: { readonly gy2: number; readonly gy3: number; readonly gy5: number; readonly gy10: number };
  /** Share of the DAP whose rays reached the phantom (0–1); null when no event gave a DAP. */
  readonly dapShareOnPhantom: number | null;
  readonly kermaRpTotalGy: number;
  readonly planes: readonly PlaneContribution[];
  readonly uncertainty: Uncertainty;
  readonly assumptions: readonly Assumption[];
  readonly sanity: { readonly status: 'ok' | 'suspect'; readonly findings: readonly SanityFinding[] };
  readonly profile: { readonly id: string; readonly version: string; readonly selectedBy: ProfileSelectionKind; readonly basis: string };
  readonly phantom: {
    readonly kind: PhantomKind;
    readonly description: string;
    readonly cellSizeMm: number;
    readonly cellCount: number;
    readonly patientPosition: PatientPosition;
    readonly heightM: number | null;
    readonly massKg: number | null;
    /** Where each size came from; null for the cylinder and the plane. */
    readonly sizeSource: { readonly heightM: PatientSizeSource; readonly massKg: PatientSizeSource } | null;
  };
  /** The room and room-profile version used; null when computed without a room (files on the command line). */
  readonly room: { readonly id: string | null; readonly profileVersion: number | null; readonly commissioned: boolean } | null;
  /** Every event not used, with its reason (index in the report's event order). */
  readonly events: {
    readonly total: number;
    readonly used: number;
    readonly withoutGeometry: number;
    readonly skipped: readonly { readonly index: number; readonly reason: string }[];
  };
  /** Per plane with a reported Dose (RP) Total; short sums are also sanity findings. */
  readonly kermaReconciliation: readonly KermaReconciliation[];
  /**
   * Upper bound of the PSD when no event could be placed (method 'geometry-unavailable'): every event
   * on the same skin at the device class's minimum source–skin distance. Null when the PSD was ray-traced.
   */
  readonly psdUpperBoundGy: number | null;
  /** Events without a beam direction: their estimate (added to the PSD) and its upper bound; null when none. */
  readonly withoutGeometry: WithoutGeometry | null;
  readonly doseMap: DoseMap | null;
}

export type { BodyTarget };
