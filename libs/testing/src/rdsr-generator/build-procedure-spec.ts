import { deterministicUid, seededRandom, type SeededRandom } from './seeded-random';
import { representable, roundSignificant, roundTo } from './decimal-string';
import type {
  DeviceSpec,
  IrradiationEventSpec,
  PatientSpec,
  PlaneTotalsSpec,
  ProcedureSpec,
  RdsrVendor,
  SpecEventType,
  SpecPlane,
  StudySpec,
} from './procedure-spec';
import { VENDOR_PROFILES, type VendorProfile } from './vendor-profiles';
import { computePlaneTotals } from './plane-totals';

export interface ProcedureSpecOptions {
  readonly seed: number;
  readonly vendor: RdsrVendor;
  /** Number of irradiation events, rotational and stepping runs included. */
  readonly events: number;
  readonly biplane: boolean;
  readonly rotationalRuns: number;
  readonly steppingRuns: number;
  /** Share of the remaining events that are fluoroscopy (the rest are stationary acquisitions). */
  readonly fluoroFraction: number;
  /** Largest |primary angle| of the views, degrees. */
  readonly angleSpreadDeg: number;
  /** Largest table travel along the patient over the procedure, mm. */
  readonly tableTravelMm: number;
  readonly patientPosition: string;
  readonly patient: Partial<PatientSpec>;
  readonly study: Partial<StudySpec>;
  readonly device: Partial<DeviceSpec>;
  /** Device totals that differ from the event sums, per plane. */
  readonly planeTotals: Partial<Record<SpecPlane, Partial<Omit<PlaneTotalsSpec, 'plane'>>>>;
  /** Last word on each event (applied after the vendor profile, before the totals are summed). */
  readonly mapEvent: (event: IrradiationEventSpec, index: number) => IrradiationEventSpec;
}

export class ProcedureSpecError extends Error {
  constructor(
    readonly option: keyof ProcedureSpecOptions,
    detail: string,
  ) {
    super(`invalid procedure spec option '${option}': ${detail}`);
    this.name = 'ProcedureSpecError';
  }
}

const DEFAULTS: Omit<ProcedureSpecOptions, 'patient' | 'study' | 'device' | 'planeTotals' | 'mapEvent'> = {
  seed: 1,
  vendor: 'standard',
  events: 20,
  biplane: false,
  rotationalRuns: 0,
  steppingRuns: 0,
  fluoroFraction: 0.75,
  angleSpreadDeg: 40,
  tableTravelMm: 300,
  patientPosition: 'HFS',
};

/** A complete, realistic procedure spec; every option has a default, so `procedureSpec()` is valid. */
export function buildProcedureSpec(options: Partial<ProcedureSpecOptions> = {}): ProcedureSpec {
  const settings = { ...DEFAULTS, ...options };
  validate(settings);
  const profile = VENDOR_PROFILES[settings.vendor];
  const random = seededRandom(settings.seed);
  const study = buildStudy(settings.seed, random.fork('study'), options.study);
  const device: DeviceSpec = {
    ...profile.device,
    deviceObserverUid: deterministicUid(settings.seed, 'device-observer'),
    ...options.device,
  };
  const physical = buildEvents(settings, profile, study, random.fork('events'));
  const events = physical.map((event, index) => {
    const shaped = profile.shapeEvent(event);
    return options.mapEvent ? options.mapEvent(shaped, index) : shaped;
  });
  const planes = planesOf(settings.biplane).map((plane) => ({
    ...computePlaneTotals(plane, events, profile.referencePoint),
    ...options.planeTotals?.[plane],
  }));
  return {
    seed: settings.seed,
    vendor: settings.vendor,
    patient: buildPatient(random.fork('patient'), options.patient),
    study,
    device,
    patientPosition: settings.patientPosition,
    planes,
    events,
  };
}

/** Short alias used throughout the tests: `generateRdsr(procedureSpec({ events: 1000 }))`. */
export const procedureSpec = buildProcedureSpec;

function validate(settings: typeof DEFAULTS): void {
  const wholeNumber = (key: 'events' | 'rotationalRuns' | 'steppingRuns') => {
    const value = settings[key];
    if (!Number.isInteger(value) || value < 0) throw new ProcedureSpecError(key, `expected a whole number ≥ 0, got ${value}`);
  };
  wholeNumber('events');
  wholeNumber('rotationalRuns');
  wholeNumber('steppingRuns');
  if (!Number.isInteger(settings.seed)) throw new ProcedureSpecError('seed', `expected an integer, got ${settings.seed}`);
  if (settings.rotationalRuns + settings.steppingRuns > settings.events) {
    throw new ProcedureSpecError(
      'events',
      `${settings.events} events cannot hold ${settings.rotationalRuns} rotational and ${settings.steppingRuns} stepping runs`,
    );
  }
  if (!(settings.fluoroFraction >= 0 && settings.fluoroFraction <= 1)) {
    throw new ProcedureSpecError('fluoroFraction', `expected a share in [0, 1], got ${settings.fluoroFraction}`);
  }
  if (!(settings.angleSpreadDeg >= 0 && settings.angleSpreadDeg <= 180)) {
    throw new ProcedureSpecError('angleSpreadDeg', `expected 0–180 degrees, got ${settings.angleSpreadDeg}`);
  }
  if (!(settings.tableTravelMm >= 0)) throw new ProcedureSpecError('tableTravelMm', `expected ≥ 0 mm, got ${settings.tableTravelMm}`);
  if (!(settings.vendor in VENDOR_PROFILES)) throw new ProcedureSpecError('vendor', `unknown vendor flavour '${settings.vendor}'`);
}

function planesOf(biplane: boolean): readonly SpecPlane[] {
  return biplane ? ['A', 'B'] : ['single'];
}

function buildStudy(seed: number, random: SeededRandom, overrides: Partial<StudySpec> | undefined): StudySpec {
  const day = random.integer(1, 28);
  const month = random.integer(1, 12);
  const hour = random.integer(7, 16);
  const minute = random.integer(0, 59);
  return {
    studyInstanceUid: deterministicUid(seed, 'study'),
    seriesInstanceUid: deterministicUid(seed, 'series'),
    sopInstanceUid: deterministicUid(seed, 'sop-instance'),
    performedProcedureStepUid: deterministicUid(seed, 'performed-procedure-step'),
    date: `2024${pad(month)}${pad(day)}`,
    time: `${pad(hour)}${pad(minute)}00`,
    accessionNumber: `ACC${String(random.integer(100000, 999999))}`,
    description: random.pick(['Cerebral angiography', 'Coronary angiography', 'Hepatic embolisation', 'Peripheral angioplasty']),
    ...overrides,
  };
}

function buildPatient(random: SeededRandom, overrides: Partial<PatientSpec> | undefined): PatientSpec {
  const sex = random.pick(['M', 'F'] as const);
  return {
    id: `PAT${String(random.integer(100000, 999999))}`,
    issuerOfId: 'KERMA-TEST',
    name: `Test^${sex === 'M' ? 'John' : 'Jane'}`,
    sex,
    birthDate: `19${random.integer(40, 99)}${pad(random.integer(1, 12))}${pad(random.integer(1, 28))}`,
    heightM: roundTo(sex === 'M' ? random.between(1.65, 1.95) : random.between(1.52, 1.8), 2),
    weightKg: roundTo(random.between(55, 110), 0),
    ...overrides,
  };
}

/** Positions of rotational and stepping runs, spread over the procedure; all other events are fluoro or stationary. */
function eventTypes(settings: typeof DEFAULTS, random: SeededRandom): SpecEventType[] {
  const types: SpecEventType[] = Array.from({ length: settings.events }, () => (random.next() < settings.fluoroFraction ? 'fluoroscopy' : 'stationary'));
  const place = (count: number, type: SpecEventType, offset: number) => {
    for (let run = 0; run < count; run++) {
      const slot = Math.floor(((run + offset) * settings.events) / (count + 1));
      let index = Math.min(settings.events - 1, slot);
      while (types[index] === 'rotational' || types[index] === 'stepping') index = (index + 1) % settings.events;
      types[index] = type;
    }
  };
  place(settings.rotationalRuns, 'rotational', 1);
  place(settings.steppingRuns, 'stepping', 0.5);
  return types;
}

interface View {
  primaryDeg: number;
  secondaryDeg: number;
  longitudinalMm: number;
  lateralMm: number;
  heightMm: number;
  sourceToDetectorMm: number;
  detectorFieldMm: number;
}

const DETECTOR_FIELDS_MM = [480, 420, 320, 220] as const;

function buildEvents(settings: typeof DEFAULTS, profile: VendorProfile, study: StudySpec, random: SeededRandom): IrradiationEventSpec[] {
  const types = eventTypes(settings, random.fork('types'));
  const views: Record<'A' | 'B', View> = {
    A: newView(random, settings, 'A', 0),
    B: newView(random, settings, 'B', 0),
  };
  let clockS = 120;
  let frontier = 0;
  return types.map((type, index) => {
    const plane: SpecPlane = settings.biplane ? pickPlane(random, type, index, types.length) : 'single';
    const viewKey = plane === 'B' ? 'B' : 'A';
    if (index > 0 && random.next() < 0.3) {
      frontier = Math.min(settings.tableTravelMm, Math.max(0, frontier + random.between(-0.15, 0.25) * settings.tableTravelMm));
      views[viewKey] = newView(random, settings, viewKey, frontier);
    }
    const view = views[viewKey];
    const technique = techniqueFor(type, random);
    const started = clockS;
    clockS += Math.ceil(technique.durationS) + random.integer(5, 40);
    return physicalEvent({ settings, profile, study, random, type, plane, view, technique, startedS: started, index });
  });
}

function pickPlane(random: SeededRandom, type: SpecEventType, index: number, count: number): SpecPlane {
  if (type === 'rotational') return 'A';
  // Both planes must appear in any biplane procedure of two events or more.
  if (index === count - 1 && count > 1) return 'B';
  if (index === 0) return 'A';
  return random.next() < 0.4 ? 'B' : 'A';
}

function newView(random: SeededRandom, settings: typeof DEFAULTS, plane: 'A' | 'B', travelMm: number): View {
  const spread = settings.angleSpreadDeg;
  const primary = plane === 'B' ? 90 - random.between(0, Math.min(spread, 30)) : random.between(-spread, spread);
  return {
    primaryDeg: roundTo(primary, 1),
    secondaryDeg: roundTo(plane === 'B' ? random.between(-10, 10) : random.between(-Math.min(spread, 40), Math.min(spread, 40)), 1),
    longitudinalMm: roundTo(travelMm, 1),
    lateralMm: roundTo(random.between(-30, 30), 1),
    heightMm: roundTo(random.between(120, 200), 1),
    sourceToDetectorMm: roundTo(random.between(1000, 1250), 0),
    detectorFieldMm: random.pick(DETECTOR_FIELDS_MM),
  };
}

interface Technique {
  readonly durationS: number;
  readonly pulseRatePerS: number;
  readonly pulseWidthMs: number;
  readonly kvp: number;
  readonly tubeCurrentMA: number;
  readonly copperMm: number;
  /** Air kerma rate at the reference point, Gy/s. */
  readonly doseRateGyPerS: number;
}

function techniqueFor(type: SpecEventType, random: SeededRandom): Technique {
  switch (type) {
    case 'fluoroscopy':
      return {
        durationS: roundTo(random.between(0.5, 40), 1),
        pulseRatePerS: random.pick([3.75, 7.5, 15, 30]),
        pulseWidthMs: roundTo(random.between(3, 10), 1),
        kvp: roundTo(random.between(65, 100), 1),
        tubeCurrentMA: roundTo(random.between(5, 60), 1),
        copperMm: random.pick([0.2, 0.3, 0.6, 0.9]),
        doseRateGyPerS: random.between(0.0002, 0.0012),
      };
    case 'rotational':
      return {
        durationS: roundTo(random.between(4, 8), 1),
        pulseRatePerS: 30,
        pulseWidthMs: roundTo(random.between(5, 12), 1),
        kvp: roundTo(random.between(70, 90), 1),
        tubeCurrentMA: roundTo(random.between(150, 400), 1),
        copperMm: 0.2,
        doseRateGyPerS: random.between(0.002, 0.006),
      };
    case 'stepping':
      return {
        durationS: roundTo(random.between(6, 15), 1),
        pulseRatePerS: random.pick([2, 3]),
        pulseWidthMs: roundTo(random.between(40, 100), 1),
        kvp: roundTo(random.between(60, 80), 1),
        tubeCurrentMA: roundTo(random.between(200, 600), 1),
        copperMm: 0.1,
        doseRateGyPerS: random.between(0.001, 0.004),
      };
    case 'stationary':
      return {
        durationS: roundTo(random.between(2, 12), 1),
        pulseRatePerS: random.pick([1, 2, 3, 6, 7.5, 15]),
        pulseWidthMs: roundTo(random.between(40, 100), 1),
        kvp: roundTo(random.between(65, 95), 1),
        tubeCurrentMA: roundTo(random.between(150, 700), 1),
        copperMm: random.pick([0.1, 0.2]),
        doseRateGyPerS: random.between(0.0015, 0.006),
      };
  }
}

interface EventInputs {
  readonly settings: typeof DEFAULTS;
  readonly profile: VendorProfile;
  readonly study: StudySpec;
  readonly random: SeededRandom;
  readonly type: SpecEventType;
  readonly plane: SpecPlane;
  readonly view: View;
  readonly technique: Technique;
  readonly startedS: number;
  readonly index: number;
}

/** One event with every item a device could report, physically consistent with itself. */
function physicalEvent(inputs: EventInputs): IrradiationEventSpec {
  const { settings, profile, study, random, type, plane, view, technique: t } = inputs;
  const numberOfPulses = Math.max(1, Math.round(t.durationS * t.pulseRatePerS));
  const exposureTimeMs = roundTo(numberOfPulses * t.pulseWidthMs, 1);
  const exposureUAs = Math.round(t.tubeCurrentMA * exposureTimeMs);
  const fieldWidthMm = roundTo(view.detectorFieldMm * random.between(0.6, 1), 1);
  const fieldHeightMm = roundTo(view.detectorFieldMm * random.between(0.6, 1), 1);
  const fieldAreaM2 = roundSignificant((fieldWidthMm * fieldHeightMm) / 1e6, 6);
  const sourceToIsocenterMm = profile.distanceSourceToIsocenterMm;
  const sourceToReferenceMm = sourceToIsocenterMm - 150;
  const doseRpGy = roundSignificant(t.doseRateGyPerS * t.durationS, 4);
  // DAP is invariant along the beam: Ka,r times the field area at the reference point.
  const areaAtReferenceM2 = fieldAreaM2 * (sourceToReferenceMm / view.sourceToDetectorMm) ** 2;
  const rotational = type === 'rotational';
  const axes = tableAxes(profile, view);
  return {
    uid: deterministicUid(settings.seed, `event-${inputs.index}`),
    plane,
    type,
    dateTimeStarted: addSeconds(study.date, study.time, inputs.startedS),
    protocol: protocolName(type, plane),
    referencePoint: profile.referencePoint,
    doseRpGy,
    dapGyM2: roundSignificant(doseRpGy * areaAtReferenceM2, 4),
    kvp: t.kvp,
    tubeCurrentMA: t.tubeCurrentMA,
    pulseWidthMs: t.pulseWidthMs,
    pulseRatePerS: t.pulseRatePerS,
    numberOfPulses,
    irradiationDurationS: t.durationS,
    exposureTimeMs,
    exposureMAs: representable(exposureUAs / 1000),
    focalSpotSizeMm: type === 'fluoroscopy' ? 0.6 : 1,
    fluoroMode: type === 'fluoroscopy' ? 'pulsed' : null,
    filters: profile.filters(type, t.copperMm),
    primaryAngleDeg: rotational ? -100 : view.primaryDeg,
    secondaryAngleDeg: rotational ? 0 : view.secondaryDeg,
    primaryEndAngleDeg: rotational ? 100 : null,
    secondaryEndAngleDeg: rotational ? 0 : null,
    tableLongitudinalMm: axes.longitudinalMm,
    tableLateralMm: axes.lateralMm,
    tableHeightMm: view.heightMm,
    tableHeadTiltDeg: 0,
    distanceSourceToIsocenterMm: sourceToIsocenterMm,
    distanceSourceToDetectorMm: view.sourceToDetectorMm,
    distanceSourceToReferencePointMm: sourceToReferenceMm,
    collimatedFieldAreaM2: fieldAreaM2,
    collimatedFieldHeightMm: fieldHeightMm,
    collimatedFieldWidthMm: fieldWidthMm,
    detectorFieldSizeMm: view.detectorFieldMm,
    shutters: shuttersFor(fieldWidthMm, fieldHeightMm, view.sourceToDetectorMm),
    patientEquivalentThicknessMm: roundTo(random.between(150, 300), 1),
    patientTableRelationship: settings.patientPosition.startsWith('FF') ? 'feetfirst' : 'headfirst',
    patientOrientationModifier: settings.patientPosition.endsWith('P') ? 'prone' : 'supine',
    tableXPositionToIsocenterMm: null,
    tableYPositionToIsocenterMm: null,
    tableZPositionToIsocenterMm: null,
    positionerIsocenterPrimaryAngleDeg: null,
    positionerIsocenterSecondaryAngleDeg: null,
  };
}

/** Vendors disagree on which DICOM axis is the long one; the large travel goes where the vendor puts it. */
function tableAxes(profile: VendorProfile, view: View): { longitudinalMm: number; lateralMm: number } {
  if (profile.largeTravelAxis === 'longitudinal') return { longitudinalMm: view.longitudinalMm, lateralMm: view.lateralMm };
  return { longitudinalMm: roundTo(-3 - Math.abs(view.lateralMm) * 3, 1), lateralMm: roundTo(1069 - view.longitudinalMm, 1) };
}

/** Philips shutters: half-openings projected to 1 m from the focal spot. */
function shuttersFor(widthMm: number, heightMm: number, sourceToDetectorMm: number) {
  const atOneMetre = (sizeMm: number) => roundTo(((sizeMm / 2) * 1000) / sourceToDetectorMm, 1);
  return { leftMm: atOneMetre(widthMm), rightMm: atOneMetre(widthMm), topMm: atOneMetre(heightMm), bottomMm: atOneMetre(heightMm) };
}

const PROTOCOLS: Readonly<Record<SpecEventType, string>> = {
  fluoroscopy: 'Fluoro Low 7.5 p/s',
  stationary: 'DSA 2 f/s',
  stepping: 'Peripheral Stepping DSA',
  rotational: '3D Rotational 5s',
};

function protocolName(type: SpecEventType, plane: SpecPlane): string {
  return plane === 'B' ? `${PROTOCOLS[type]} (B)` : PROTOCOLS[type];
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** DICOM DT (YYYYMMDDHHMMSS) of a study date and time plus an offset; calendar arithmetic only, no time zone. */
function addSeconds(date: string, time: string, offsetS: number): string {
  const start = Date.UTC(
    Number(date.slice(0, 4)),
    Number(date.slice(4, 6)) - 1,
    Number(date.slice(6, 8)),
    Number(time.slice(0, 2)),
    Number(time.slice(2, 4)),
    Number(time.slice(4, 6)),
  );
  const at = new Date(start + offsetS * 1000);
  return `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}`;
}
