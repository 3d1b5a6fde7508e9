import type { DoseMetric } from '@kerma/contracts';
import { DEFAULT_ALERT_RULES } from '@kerma/notification';

/**
 * The rules the services of a fault test run with, and the expected alerts are computed from: the per-study
 * SRDL rules. The cumulative and already-above defaults depend on each patient's earlier studies; they have
 * their own tests, and here they would only make the expected set depend on arrival order.
 */
export const FAULT_ALERT_RULES = DEFAULT_ALERT_RULES.filter((r) => r.kind === 'study');
/** How the services are given those rules (KERMA_ALERT_RULES of notification and of the single process). */
export const FAULT_ALERT_RULES_ENV = { KERMA_ALERT_RULES: JSON.stringify(FAULT_ALERT_RULES) };
import { generateRdsr, procedureSpec, type IrradiationEventSpec, type ProcedureSpec, type RdsrVendor } from '@kerma/testing';

/** Flavours whose reports carry the beam geometry a ray-traced PSD needs, each written its own way. */
export const STREAM_VENDORS: readonly RdsrVendor[] = ['standard', 'siemens', 'philips-azurion', 'philips-allura', 'canon', 'enhanced'];

/**
 * Total Ka,r of the two dose classes, Gy. A 'high' study sends every beam through the same view, so its
 * PSD is far above the 3 Gy skin threshold; a 'low' study stays far below every default threshold.
 * The wide gaps make the PSD alert a function of the generator's input, not of the engine's output.
 */
const KAR_TOTAL_GY = { high: 8, low: 0.5 } as const;
/** A metric this close to its threshold (relative) is too close to call from the inputs: the seed is skipped. */
const THRESHOLD_MARGIN = 0.05;
const GY_CM2_PER_GY_M2 = 1e4;

export type DoseClass = keyof typeof KAR_TOTAL_GY;

export interface StreamStudy {
  readonly index: number;
  readonly site: string;
  readonly spec: ProcedureSpec;
  readonly bytes: Uint8Array;
  readonly doseClass: DoseClass;
  /** Study totals over all planes as generated (device totals, canonical units). */
  readonly expected: { readonly doseRpTotalGy: number; readonly dapTotalGyCm2: number; readonly fluoroTimeTotalS: number };
  /** `metric/level` of every default rule the study must trigger, once each. */
  readonly expectedAlerts: readonly string[];
}

export interface StudyStreamOptions {
  /** Number of studies. */
  readonly count: number;
  /** Studies are spread over this many patients, so dose histories sum several studies. */
  readonly patients: number;
  /** Every third study is 'high' unless said otherwise. */
  readonly highEvery?: number;
  /** Distinguishes runs on a reused broker or database: part of every UID and patient id. */
  readonly runId: number;
  readonly site?: string;
  readonly eventsPerStudy?: number;
}

export function alertKey(metric: string, level: string): string {
  return `${metric}/${level}`;
}

/** A deterministic stream of valid, complete X-ray dose reports, mixed flavours, with the answers they must produce. */
export function generateStudyStream(options: StudyStreamOptions): StreamStudy[] {
  const studies: StreamStudy[] = [];
  let seed = options.runId * 10_000;
  for (let index = 0; index < options.count; index++) {
    const doseClass: DoseClass = index % (options.highEvery ?? 3) === 0 ? 'high' : 'low';
    // Shifted every round so that the high studies fall on every flavour, not on the same two.
    const vendor = STREAM_VENDORS[(index + Math.floor(index / STREAM_VENDORS.length)) % STREAM_VENDORS.length];
    const patientNumber = index % options.patients;
    let study: StreamStudy | undefined;
    while (!study) study = buildStudy(index, ++seed, vendor, doseClass, patientNumber, options);
    studies.push(study);
  }
  return studies;
}

function buildStudy(
  index: number,
  seed: number,
  vendor: RdsrVendor,
  doseClass: DoseClass,
  patientNumber: number,
  options: StudyStreamOptions,
): StreamStudy | undefined {
  const events = options.eventsPerStudy ?? 12;
  const perEventGy = KAR_TOTAL_GY[doseClass] / events;
  let firstView: IrradiationEventSpec | undefined;
  const spec = procedureSpec({
    seed,
    vendor,
    events,
    patient: { id: `FLT${options.runId}-${patientNumber}`, issuerOfId: 'KERMA-FAULTS' },
    mapEvent: (event) => {
      const scaled = rescaleDose(event, perEventGy);
      if (doseClass === 'low') return scaled;
      firstView ??= scaled;
      return sameView(scaled, firstView);
    },
  });
  const expected = {
    doseRpTotalGy: sum(spec.planes.map((p) => p.doseRpTotalGy)),
    dapTotalGyCm2: sum(spec.planes.map((p) => p.dapTotalGyM2)) * GY_CM2_PER_GY_M2,
    fluoroTimeTotalS: sum(spec.planes.map((p) => p.fluoroTimeTotalS)),
  };
  const metrics: Record<DoseMetric, number> = {
    'reference-air-kerma': expected.doseRpTotalGy,
    'kerma-area-product': expected.dapTotalGyCm2,
    'fluoroscopy-time': expected.fluoroTimeTotalS / 60,
    // Not a generated number: the class decides, with the margins explained at KAR_TOTAL_GY.
    'peak-skin-dose': doseClass === 'high' ? Number.POSITIVE_INFINITY : 0,
  };
  const tooClose = FAULT_ALERT_RULES.some((r) => Math.abs(metrics[r.metric] - r.threshold) < THRESHOLD_MARGIN * r.threshold);
  if (tooClose) return undefined;
  const expectedAlerts = FAULT_ALERT_RULES.filter((r) => metrics[r.metric] >= r.threshold).map((r) => alertKey(r.metric, r.level));
  return { index, site: options.site ?? 'fault-lab', spec, bytes: generateRdsr(spec), doseClass, expected, expectedAlerts };
}

/** Ka,r of the event set to `doseRpGy`, DAP scaled with it (same field), rounded as a DS would be. */
function rescaleDose(event: IrradiationEventSpec, doseRpGy: number): IrradiationEventSpec {
  if (event.doseRpGy === null) return event;
  const factor = doseRpGy / event.doseRpGy;
  return { ...event, doseRpGy: round4(doseRpGy), dapGyM2: event.dapGyM2 === null ? null : round4(event.dapGyM2 * factor) };
}

/** Every beam through the first beam's gantry angles and table position: all dose on one skin area. */
function sameView(event: IrradiationEventSpec, view: IrradiationEventSpec): IrradiationEventSpec {
  return {
    ...event,
    primaryAngleDeg: view.primaryAngleDeg,
    secondaryAngleDeg: view.secondaryAngleDeg,
    primaryEndAngleDeg: view.primaryEndAngleDeg,
    secondaryEndAngleDeg: view.secondaryEndAngleDeg,
    tableLongitudinalMm: view.tableLongitudinalMm,
    tableLateralMm: view.tableLateralMm,
    tableHeightMm: view.tableHeightMm,
    distanceSourceToDetectorMm: view.distanceSourceToDetectorMm,
    tableXPositionToIsocenterMm: view.tableXPositionToIsocenterMm,
    tableYPositionToIsocenterMm: view.tableYPositionToIsocenterMm,
    tableZPositionToIsocenterMm: view.tableZPositionToIsocenterMm,
    positionerIsocenterPrimaryAngleDeg: view.positionerIsocenterPrimaryAngleDeg,
    positionerIsocenterSecondaryAngleDeg: view.positionerIsocenterSecondaryAngleDeg,
  };
}

function round4(value: number): number {
  return Number(value.toPrecision(4));
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
