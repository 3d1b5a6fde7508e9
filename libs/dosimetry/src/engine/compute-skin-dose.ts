import type { AcquisitionPlane, Procedure } from '@kerma/rdsr';
import { ALGORITHM_VERSION } from '../version';
import { selectProfile } from '../profiles';
import { buildCylinderPhantom, buildHumanPhantom, buildPlanePhantom, REFERENCE_BODY, type Phantom, type HumanBody } from '../phantoms';
import { placement, resolveDeviceClass, resolvePatientPosition, type V3 } from '../geometry';
import { AssumptionLog } from './assumptions';
import { prepareSteps, type ExposureStep, type UnplacedExposure } from './prepare-steps';
import { cachedPhantom, cachedPlacement } from './phantom-cache';
import { accumulate } from './accumulate';
import { unplacedEntranceDose } from './unplaced';
import { checkKermaDapConsistency } from './sanity';
import { reconcileKerma, reconciliationFindings } from './reconcile';
import { UncertaintySampler, type SamplePsd, type TracedResult } from './uncertainty';
import type { EnginePerturbation } from './perturbation';
import { dominantTarget, offPhantomReason } from './target-region';
import { SkinDoseInputError } from './errors';
import { noteProfileSelection } from './profile-assumptions';
import { applyRoom } from '../rooms';
import type { DoseMap, PatientSizeSource, PlaneContribution, PsdLocation, SkinDoseOptions, SkinDoseResult, WithoutGeometry } from './types';

type SizedBody = HumanBody & { readonly sizeSource: { readonly heightM: PatientSizeSource; readonly massKg: PatientSizeSource } };

const DEFAULT_CELL_MM = 10;
const THRESHOLDS_GY = [2, 3, 5, 10] as const;

function checkRange(field: string, value: number | undefined, lo: number, hi: number, what: string): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value < lo || value > hi) throw new SkinDoseInputError(field, `option ${field} must be ${what} (${lo}–${hi}), got ${value}`);
}

function validateOptions(o: SkinDoseOptions): void {
  checkRange('cellSizeMm', o.cellSizeMm, 1, 10, 'a cell side in mm, 1 cm or finer');
  if (o.tableTransmission !== undefined && !(o.tableTransmission > 0 && o.tableTransmission <= 1)) {
    throw new SkinDoseInputError('tableTransmission', `option tableTransmission must be in (0, 1], got ${o.tableTransmission}`);
  }
  checkRange('referencePointCm', o.referencePointCm, 0, 60, 'a distance from the isocenter toward the source in cm');
  checkRange('inherentFiltrationMmAl', o.inherentFiltrationMmAl, 0, 10, 'an aluminium thickness in mm');
  checkRange('patientHeightM', o.patientHeightM, 0.4, 2.5, 'a height in m');
  checkRange('patientMassKg', o.patientMassKg, 2, 350, 'a mass in kg');
  checkRange('uncertaintySamples', o.uncertaintySamples, 16, 1000, 'a number of samples');
}

/** One size: option (with its source), else report (if plausible), else null. */
function sizeFrom(
  option: number | undefined,
  optionSource: PatientSizeSource | undefined,
  reported: number | undefined,
  lo: number,
  hi: number,
): { value: number; source: PatientSizeSource } | null {
  if (option !== undefined) return { value: option, source: optionSource ?? 'option' };
  return reported && reported >= lo && reported <= hi ? { value: reported, source: 'rdsr' } : null;
}

/** Height and mass for the human phantom: option, else report (if plausible), else the reference body, flagged; each with its source. */
function resolveBody(procedure: Procedure, o: SkinDoseOptions, log: AssumptionLog): SizedBody {
  const height = sizeFrom(o.patientHeightM, o.patientSizeSources?.heightM, procedure.patient.sizeM?.value, 0.4, 2.5);
  const mass = sizeFrom(o.patientMassKg, o.patientSizeSources?.massKg, procedure.patient.weightKg?.value, 2, 350);
  if (height === null) log.note('patient-height-assumed', `patient height not reported (or implausible): ${REFERENCE_BODY.heightM} m assumed`);
  if (mass === null) log.note('patient-mass-assumed', `patient mass not reported (or implausible): ${REFERENCE_BODY.massKg} kg assumed`);
  return {
    heightM: height?.value ?? REFERENCE_BODY.heightM,
    massKg: mass?.value ?? REFERENCE_BODY.massKg,
    sizeSource: { heightM: height?.source ?? 'default', massKg: mass?.source ?? 'default' },
  };
}

function buildPhantom(procedure: Procedure, o: SkinDoseOptions, log: AssumptionLog): { phantom: Phantom; key: string; body: SizedBody | null } {
  const cell = o.cellSizeMm ?? DEFAULT_CELL_MM;
  const kind = o.phantom ?? 'human';
  const keyed = (parameters: unknown, build: () => Phantom, body: SizedBody | null) => {
    const key = `${kind}|${cell}|${JSON.stringify(parameters ?? null)}`;
    return { phantom: cachedPhantom(key, build), key, body };
  };
  switch (kind) {
    case 'plane':
      return keyed(o.plane, () => buildPlanePhantom(cell, o.plane), null);
    case 'cylinder':
      return keyed(o.cylinder, () => buildCylinderPhantom(cell, o.cylinder), null);
    case 'human': {
      const body = resolveBody(procedure, o, log);
      const size: HumanBody = { heightM: body.heightM, massKg: body.massKg };
      return keyed(size, () => buildHumanPhantom(cell, size), body);
    }
  }
}

/**
 * Σ event Ka,r per plane as the device displays it (before a room's correction factor): the device's
 * Dose (RP) Total is on that basis, so a commissioned factor is not mistaken for missing events.
 */
function displayedKermaByPlane(steps: readonly ExposureStep[], unplaced: readonly UnplacedExposure[]): Map<AcquisitionPlane, number> {
  const sums = new Map<AcquisitionPlane, number>();
  for (const s of [...steps, ...unplaced]) sums.set(s.plane, (sums.get(s.plane) ?? 0) + s.kermaGy / s.quality.kermaCorrectionFactor);
  return sums;
}

function toMap(phantom: Phantom, dose: Float64Array): DoseMap {
  const grid = new Float32Array(phantom.mapWidth * phantom.mapHeight).fill(NaN);
  for (let i = 0; i < phantom.cellCount; i++) grid[phantom.cellRow[i] * phantom.mapWidth + phantom.cellColumn[i]] = dose[i];
  return { widthCells: phantom.mapWidth, heightCells: phantom.mapHeight, cellSizeMm: phantom.cellSizeMm, layout: phantom.mapLayout, doseGy: grid };
}

function peak(dose: Float64Array): { index: number; value: number } {
  let index = -1;
  let value = 0;
  for (let i = 0; i < dose.length; i++) {
    if (dose[i] > value) {
      value = dose[i];
      index = i;
    }
  }
  return { index, value };
}

/** A calculation whose uncertainty samples are traced one `step()` at a time (see startSkinDose). */
export interface SteppedSkinDose {
  /** Traces one more sample; false when nothing is left to do. */
  step(): boolean;
  /** The result (traces whatever samples are left). */
  result(): SkinDoseResult;
}

/**
 * Peak skin dose and skin-dose map of one projection procedure: every event's beam is traced onto a
 * phantom lying on the table, with inverse-square, backscatter, medium and table corrections; its 95 %
 * interval comes from tracing the procedure again with the assumed inputs drawn from their ranges.
 */
export function computeSkinDose(procedure: Procedure, options: SkinDoseOptions = {}): SkinDoseResult {
  return startSkinDose(procedure, options).result();
}

/**
 * The same calculation in steps of one trace (~1–40 ms), for a caller on an event loop: a service
 * yields between steps instead of holding the loop for the whole sampling.
 */
export function startSkinDose(procedure: Procedure, options: SkinDoseOptions = {}): SteppedSkinDose {
  validateOptions(options);
  if (procedure.kind === 'ct') {
    throw new SkinDoseInputError(
      'procedure',
      'this is a CT dose report: skin dose is computed from fluoroscopy and projection X-ray dose reports, whose events have beam angles to trace',
    );
  }
  const traced = traceSkinDose(procedure, options);
  const sampler = new UncertaintySampler(procedure, options, traced, traceSamplePsd);
  return {
    step: () => {
      sampler.step();
      return !sampler.done;
    },
    result: () => {
      const uncertainty = sampler.result();
      const { psdGy, doseMap, ...figures } = traced;
      return { psdGy, psdInterval95Gy: uncertainty.psdInterval95Gy, ...figures, uncertainty, doseMap };
    },
  };
}

/** What one trace of the procedure leaves: enough for the PSD alone (an uncertainty sample) or for the whole result. */
interface TraceCore {
  readonly log: AssumptionLog;
  readonly selection: ReturnType<typeof selectProfile>;
  readonly room: ReturnType<typeof applyRoom>;
  readonly position: ReturnType<typeof resolvePatientPosition>;
  readonly phantom: Phantom;
  readonly body: SizedBody | null;
  readonly prepared: ReturnType<typeof prepareSteps>;
  readonly acc: ReturnType<typeof accumulate>;
  readonly total: Float64Array;
  readonly deviceClass: ReturnType<ReturnType<typeof applyRoom>['minimumSkinDistance']>;
  readonly unplacedByPlane: Map<AcquisitionPlane, number>;
  readonly unplacedEstimateGy: number;
  readonly unplacedBoundGy: number;
}

/** One trace of the procedure, without its uncertainty; `perturbation` replaces assumed inputs (uncertainty sampling). */
function traceSkinDose(procedure: Procedure, options: SkinDoseOptions, perturbation?: EnginePerturbation): TracedResult {
  return describeTrace(procedure, runTrace(procedure, options, perturbation));
}

/**
 * The PSD of one uncertainty sample: the same trace as traceSkinDose, without what only the reported
 * result needs (map grid, areas, planes, reconciliation), which on the coarse sample cells cost about as
 * much as the ray trace of a short report.
 */
function traceSamplePsd(procedure: Procedure, options: SkinDoseOptions, perturbation?: EnginePerturbation): SamplePsd {
  const core = runTrace(procedure, options, perturbation);
  return {
    psdGy: peak(core.total).value + core.unplacedEstimateGy,
    unplacedSpreadGy: core.prepared.unplaced.length === 0 ? null : core.unplacedBoundGy - core.unplacedEstimateGy,
  };
}

function runTrace(procedure: Procedure, options: SkinDoseOptions, perturbation: EnginePerturbation | undefined): TraceCore {
  const log = new AssumptionLog();
  const selection = selectProfile(procedure.device, options.profiles, options.profileId);
  noteProfileSelection(selection, log);
  const room = applyRoom(selection.profile, options.room, log);
  const profile = room.profile;
  if (options.tableTransmission !== undefined) {
    log.note('table-transmission-estimated', `table + mattress transmission set to ${options.tableTransmission} by option (not measured for this beam)`);
  } else {
    const attenuating = [profile.table.transmission, profile.mattress.transmission].filter((t) => t.points.some((p) => p.transmission < 1));
    const estimated = attenuating.find((t) => t.kind === 'estimated');
    if (estimated) log.note('table-transmission-estimated', `table/mattress transmission estimated: ${estimated.source}`);
  }
  const position = resolvePatientPosition(procedure, options.patientPosition);
  if (position.source === 'assumed') log.note('patient-position-assumed', position.note ?? 'head-first supine assumed');

  const { phantom, key: phantomKey, body } = buildPhantom(procedure, options, log);
  const place = placement(position.position, phantom.lengthMm, phantom.thicknessMm);
  const placed = cachedPlacement(phantomKey, phantom, place);

  const { target, note: targetNote } = dominantTarget(procedure);
  const anchorPatient = options.isocenterAnchorMm ?? phantom.targets[target ?? 'chest'];
  if (profile.isocenter.mode === 'anchored') {
    log.note(
      'isocenter-anchored',
      options.isocenterAnchorMm
        ? 'table positions are relative: the dose-weighted median table position puts the isocenter at the given anchor point'
        : `table positions are relative: the dose-weighted median table position puts the isocenter at the ${target ?? `chest (${targetNote})`} of the phantom, mid-depth`,
    );
  }
  const anchor: V3 = [place.sx * anchorPatient.x, place.sy * anchorPatient.y + place.ty, place.sz * anchorPatient.z + place.tz];
  const mattressMm = profile.mattress.thicknessMm;
  const prepared = prepareSteps({
    procedure,
    profile,
    placement: place,
    anchorTableFrame: anchor,
    inherentAlMm: options.inherentFiltrationMmAl ?? profile.defaults.inherentFiltrationMmAl,
    tableTransmission: options.tableTransmission,
    room: room.beam,
    referencePointCm: options.referencePointCm,
    // The film sheet stands for any skin; the body phantoms have no limbs.
    offPhantom: phantom.kind === 'plane' ? () => null : offPhantomReason,
    tableTopZ: -mattressMm,
    log,
    perturbation,
  });
  const acc = accumulate(prepared.steps, placed, { halfWidthMm: profile.table.widthMm / 2, midPlaneZ: -(mattressMm + profile.table.thicknessMm) / 2 });

  const planeDoses = [...acc.planes.values()].map((p) => p.doseGy);
  // One plane (the usual case): its map is the total (0 + x is x), without a copy per trace.
  const total = planeDoses.length === 1 ? planeDoses[0] : new Float64Array(phantom.cellCount);
  if (planeDoses.length > 1) for (const d of planeDoses) for (let i = 0; i < total.length; i++) total[i] += d[i];
  const deviceClass = room.minimumSkinDistance(resolveDeviceClass(profile, procedure.device));
  const unplacedByPlane = new Map<AcquisitionPlane, number>();
  let unplacedEstimateGy = 0;
  let unplacedBoundGy = 0;
  for (const u of prepared.unplaced) {
    const dose = unplacedEntranceDose(u, deviceClass.minimumSourceSkinDistanceMm);
    unplacedByPlane.set(u.plane, (unplacedByPlane.get(u.plane) ?? 0) + dose.estimateGy);
    unplacedEstimateGy += dose.estimateGy;
    unplacedBoundGy += dose.upperBoundGy;
  }
  return { log, selection, room, position, phantom, body, prepared, acc, total, deviceClass, unplacedByPlane, unplacedEstimateGy, unplacedBoundGy };
}

function describeTrace(procedure: Procedure, core: TraceCore): TracedResult {
  const { log, selection, room, position, phantom, body, prepared, acc, total, deviceClass, unplacedByPlane, unplacedEstimateGy, unplacedBoundGy } = core;
  const profile = room.profile;
  const top = peak(total);
  const psdGy = top.value + unplacedEstimateGy;
  const placedAny = prepared.steps.length > 0;
  const withoutGeometry: WithoutGeometry | null =
    prepared.unplaced.length === 0
      ? null
      : {
          eventCount: prepared.unplaced.length,
          kermaRpGy: prepared.unplaced.reduce((s, u) => s + u.kermaGy, 0),
          estimateGy: unplacedEstimateGy,
          upperBoundGy: unplacedBoundGy,
          deviceClass: deviceClass.deviceClass,
          minimumSourceSkinDistanceMm: deviceClass.minimumSourceSkinDistanceMm,
          basis: deviceClass.basis,
          events: prepared.unplaced.map((u) => ({ index: u.eventIndex, reason: u.reason })),
        };
  if (withoutGeometry) {
    log.note(
      'skin-distance-unknown',
      `${withoutGeometry.eventCount} event(s) without geometry: estimate with the skin at the reference point; upper bound with the skin at ${
        withoutGeometry.minimumSourceSkinDistanceMm / 10
      } cm from the source (${deviceClass.basis})`,
    );
  }
  const psdLocation: PsdLocation | null =
    top.index < 0
      ? null
      : {
          region: phantom.regionNames[phantom.region[top.index]],
          mapRow: phantom.cellRow[top.index],
          mapColumn: phantom.cellColumn[top.index],
          positionMm: { x: phantom.x[top.index], y: phantom.y[top.index], z: phantom.z[top.index] },
        };
  const areaAt = (gy: number): number => {
    let a = 0;
    for (let i = 0; i < total.length; i++) if (total[i] >= gy) a += phantom.areaMm2[i];
    return a / 100;
  };
  const [a2, a3, a5, a10] = THRESHOLDS_GY.map(areaAt);

  const planeKeys = new Set<AcquisitionPlane>([...acc.planes.keys(), ...unplacedByPlane.keys()]);
  const planes: PlaneContribution[] = [...planeKeys].sort().map((plane) => {
    const a = acc.planes.get(plane);
    const unplaced = prepared.unplaced.filter((u) => u.plane === plane);
    const unplacedDap = unplaced.reduce((s, u) => s + (u.dapGyM2 ?? 0), 0);
    const dapReported = (a?.dapReported ?? false) || unplaced.some((u) => u.dapGyM2 !== null);
    return {
      plane,
      eventCount: (a?.eventIndices.size ?? 0) + unplaced.length,
      kermaRpGy: (a?.kermaGy ?? 0) + unplaced.reduce((s, u) => s + u.kermaGy, 0),
      dapGyM2: dapReported ? (a?.dapGyM2 ?? 0) + unplacedDap : null,
      psdGy: (a ? peak(a.doseGy).value : 0) + (unplacedByPlane.get(plane) ?? 0),
      dapShareOnPhantom: a && a.dapReported && a.dapGyM2 > 0 ? a.dapOnPhantomGyM2 / a.dapGyM2 : null,
    };
  });
  const placedDap = [...acc.planes.values()].reduce((s, p) => s + p.dapGyM2, 0);
  const placedDapOn = [...acc.planes.values()].reduce((s, p) => s + p.dapOnPhantomGyM2, 0);
  const kermaReconciliation = reconcileKerma(procedure, displayedKermaByPlane(prepared.steps, prepared.unplaced));
  const findings = [...checkKermaDapConsistency(procedure), ...reconciliationFindings(kermaReconciliation)];

  return {
    algorithmVersion: ALGORITHM_VERSION,
    method: placedAny || prepared.unplaced.length === 0 ? 'ray-trace' : 'geometry-unavailable',
    psdGy,
    // A bound only where nothing was ray-traced: a ray-traced peak has no bound of its own.
    psdUpperBoundGy: !placedAny && withoutGeometry ? withoutGeometry.upperBoundGy : null,
    psdLocation: placedAny ? psdLocation : null,
    areaAtOrAboveCm2: { gy2: a2, gy3: a3, gy5: a5, gy10: a10 },
    dapShareOnPhantom: placedDap > 0 ? placedDapOn / placedDap : null,
    kermaRpTotalGy: planes.reduce((s, p) => s + p.kermaRpGy, 0),
    planes,
    assumptions: log.list(),
    sanity: { status: findings.length > 0 ? 'suspect' : 'ok', findings },
    profile: { id: profile.id, version: profile.version, selectedBy: selection.how, basis: selection.basis },
    phantom: {
      kind: phantom.kind,
      description: phantom.description,
      cellSizeMm: phantom.cellSizeMm,
      cellCount: phantom.cellCount,
      patientPosition: position.position,
      heightM: body?.heightM ?? null,
      massKg: body?.massKg ?? null,
      sizeSource: body?.sizeSource ?? null,
    },
    room: room.record,
    events: {
      total: procedure.events.length,
      used: new Set([...prepared.steps.map((s) => s.eventIndex), ...prepared.unplaced.map((u) => u.eventIndex)]).size,
      withoutGeometry: prepared.unplaced.length,
      skipped: prepared.skipped,
    },
    kermaReconciliation,
    withoutGeometry,
    doseMap: placedAny ? toMap(phantom, total) : null,
  };
}
