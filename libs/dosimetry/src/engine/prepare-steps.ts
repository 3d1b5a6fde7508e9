import type { AcquisitionPlane, IrradiationEvent, Procedure, ReferencePointDefinition } from '@kerma/rdsr';
import {
  buildBeam,
  checkAngleRange,
  detectorDirectionPatient,
  resolveFieldSize,
  resolveReferenceDistance,
  tableDisplacement,
  toTableFrame,
  weightedMedian,
  type BeamGeometry,
  type Placement,
  type V3,
} from '../geometry';
import type { GeometryProfile } from '../profiles';
import type { AssumptionLog } from './assumptions';
import { BeamQualities, type BeamQuality } from './beam-quality';
import type { RoomBeamCorrections } from '../rooms';
import { eventKerma } from './event-kerma';
import { NO_PERTURBATION, type EnginePerturbation } from './perturbation';

/** One exposure at one geometry: an event, or one frame angle of a rotational run. */
export interface ExposureStep {
  readonly eventIndex: number;
  readonly plane: AcquisitionPlane;
  readonly kermaGy: number;
  readonly dapGyM2: number | null;
  readonly beam: BeamGeometry;
  readonly referenceDistanceMm: number;
  readonly quality: BeamQuality;
}

/** An event that has dose but no usable beam direction (e.g. a mobile C-arm). */
export interface UnplacedExposure {
  readonly eventIndex: number;
  readonly plane: AcquisitionPlane;
  readonly kermaGy: number;
  readonly dapGyM2: number | null;
  readonly quality: BeamQuality;
  /** Source to reference point, where Ka,r applies. */
  readonly referenceDistanceMm: number;
  /** Why the event could not be placed. */
  readonly reason: string;
}

export interface PreparedSteps {
  readonly steps: ExposureStep[];
  readonly unplaced: UnplacedExposure[];
  readonly skipped: { index: number; reason: string }[];
}

export interface PrepareContext {
  readonly procedure: Procedure;
  readonly profile: GeometryProfile;
  readonly placement: Placement;
  /** Isocenter at the anchor table position (anchored mode), table frame. */
  readonly anchorTableFrame: V3;
  readonly inherentAlMm: number;
  readonly tableTransmission: number | undefined;
  /** The room's commissioned per-quality corrections (Ka,r factor, measured HVL). */
  readonly room: RoomBeamCorrections;
  readonly referencePointCm: number | undefined;
  /** Why an event's target region cannot be traced onto this phantom; null when it can. */
  readonly offPhantom: (e: IrradiationEvent) => string | null;
  /** Height of the table top (under the mattress) in the table frame: −mattress thickness. */
  readonly tableTopZ: number;
  readonly log: AssumptionLog;
  /** Alternative values of the assumed inputs (uncertainty sampling); absent for the reported result. */
  readonly perturbation?: EnginePerturbation;
}

const MAX_ARC_STEP_DEG = 1;
/** Fields that can turn a DAP into Ka,r (the detector size cannot: it is not the collimated field). */
const COLLIMATED_ONLY = ['height-width', 'area'] as const;
const DERIVED_NOTE = 'Dose (RP) missing or 0 with a DAP: Ka,r derived from DAP and the collimated field area at the reference point';

function planeReference(procedure: Procedure, plane: AcquisitionPlane): ReferencePointDefinition | null {
  return procedure.planes.find((p) => p.plane === plane)?.referencePoint ?? procedure.planes.find((p) => p.referencePoint)?.referencePoint ?? null;
}

function frameCount(e: IrradiationEvent): number | null {
  const pulses = e.numberOfPulses?.value;
  if (pulses && pulses > 0) return Math.round(pulses);
  const t = e.exposureTimeMs?.value;
  const w = e.pulseWidthMs?.value;
  if (t && w && t > 0 && w > 0) return Math.round(t / w);
  const d = e.irradiationDurationS?.value;
  const r = e.pulseRatePerS?.value;
  if (d && r && d > 0 && r > 0) return Math.round(d * r);
  return null;
}

/** Start and end angles of each frame step; one step when the arm did not move. */
function arcSteps(e: IrradiationEvent, p1: number, p2: number, ctx: PrepareContext): readonly (readonly [number, number])[] {
  const s = ctx.profile.angleSigns;
  const e1 = e.positionerPrimaryEndAngleDeg ? s.primary * e.positionerPrimaryEndAngleDeg.value : p1;
  const e2 = e.positionerSecondaryEndAngleDeg ? s.secondary * e.positionerSecondaryEndAngleDeg.value : p2;
  const sweep = Math.max(Math.abs(e1 - p1), Math.abs(e2 - p2));
  if (sweep < 0.5) {
    if (e.type === 'rotational' && !e.positionerPrimaryEndAngleDeg && !e.positionerSecondaryEndAngleDeg) {
      ctx.log.noteEvent(
        'rotation-end-angle-missing',
        'rotational run without end angle: all its dose is put at the start angle (concentrated on one field instead of spread along the arc)',
      );
    }
    return [[p1, p2]];
  }
  const byAngle = Math.ceil(sweep / MAX_ARC_STEP_DEG) + 1;
  const frames = frameCount(e);
  const n = Math.max(2, frames === null ? byAngle : Math.min(frames, byAngle));
  return Array.from({ length: n }, (_, i) => {
    const t = i / (n - 1);
    return [p1 + t * (e1 - p1), p2 + t * (e2 - p2)] as const;
  });
}

/**
 * Per-plane memory of the last reported distance: some devices report a distance only when it changes,
 * so an event without one most plausibly kept the previous value. Carrying it is an assumption and is
 * flagged as such; a distance of 0 or less is not a distance and counts as missing.
 */
class LastKnown {
  private readonly values = new Map<AcquisitionPlane, number>();
  take(plane: AcquisitionPlane, reported: number | null | undefined): { value: number; carried: boolean } | null {
    if (reported !== null && reported !== undefined && reported > 0) {
      this.values.set(plane, reported);
      return { value: reported, carried: false };
    }
    const previous = this.values.get(plane);
    return previous === undefined ? null : { value: previous, carried: true };
  }
}

export function prepareSteps(ctx: PrepareContext): PreparedSteps {
  const { procedure, profile, log } = ctx;
  const events = procedure.events;
  const displacements = events.map((e) => tableDisplacement(e, profile));
  // Weights of the anchor position only: an event without Ka,r has no say in where the study's dose was.
  const weights = events.map((e) => e.doseRpGy?.value ?? 0);
  const reference = {
    x: weightedMedian(
      displacements.map((d) => d.x),
      weights,
    ),
    y: weightedMedian(
      displacements.map((d) => d.y),
      weights,
    ),
    z: weightedMedian(
      displacements.map((d) => d.z),
      weights,
    ),
  };
  const perturbation = ctx.perturbation ?? NO_PERTURBATION;
  const qualities = new BeamQualities(profile, ctx.inherentAlMm, ctx.tableTransmission, ctx.room, perturbation);
  /** A defaulted reference point at the sampled distance from the isocenter instead of 15 cm. */
  const referenceOf = (...args: Parameters<typeof resolveReferenceDistance>): ReturnType<typeof resolveReferenceDistance> => {
    const ref = resolveReferenceDistance(...args);
    const cm = perturbation.defaultReferencePointCm;
    return ref.defaulted && cm !== undefined ? { ...ref, distanceMm: args[2].distanceSourceToIsocenterMm - cm * 10 } : ref;
  };
  const dsiKnown = new LastKnown();
  const dsdKnown = new LastKnown();
  const steps: ExposureStep[] = [];
  const unplaced: UnplacedExposure[] = [];
  const skipped: { index: number; reason: string }[] = [];

  events.forEach((e, index) => {
    const quality = qualities.of(e, log);
    // The room's Ka,r/KAP correction applies to both displayed values (one chamber).
    const dap = e.dapGyM2 ? e.dapGyM2.value * quality.kermaCorrectionFactor : null;
    const reportedKerma = e.doseRpGy?.value ?? null;
    const primary = e.positionerPrimaryAngleDeg?.value ?? e.positionerIsocenterPrimaryAngleDeg?.value ?? null;
    /** The event's dose without a beam direction: estimated at the reference point, bounded at the minimum source–skin distance. */
    const withoutGeometry = (reason: string): void => {
      const dsi = e.distanceSourceToIsocenterMm?.value ?? profile.defaults.distanceSourceToIsocenterMm;
      const dsd = e.distanceSourceToDetectorMm?.value ?? profile.defaults.distanceSourceToDetectorMm;
      const ref = referenceOf(
        e,
        planeReference(procedure, e.plane),
        { distanceSourceToIsocenterMm: dsi, distanceSourceToDetectorMm: dsd, distanceSourceToTableTopMm: null },
        ctx.referencePointCm,
      );
      if (ref.defaulted) log.noteEvent('reference-point-defaulted', ref.basis);
      const collimated = resolveFieldSize(e, COLLIMATED_ONLY, {
        distanceSourceToDetectorMm: dsd,
        distanceSourceToIsocenterMm: dsi,
        referenceDistanceMm: ref.distanceMm,
        detectorSideMm: profile.detector.sideMm,
      });
      const kerma = eventKerma(e, collimated, ref.distanceMm);
      if (kerma.kind === 'none') {
        skipped.push({ index, reason: `${reason}; ${kerma.reason}` });
        return;
      }
      if (kerma.kind === 'derived') log.noteEvent('kerma-derived-from-dap', DERIVED_NOTE);
      log.noteEvent(
        'geometry-unavailable',
        `${reason}: the event cannot be placed on the phantom; its dose is estimated with the skin at the reference point and bounded at the minimum source–skin distance`,
      );
      unplaced.push({
        eventIndex: index,
        plane: e.plane,
        kermaGy: kerma.kermaGy * quality.kermaCorrectionFactor,
        dapGyM2: dap,
        quality,
        referenceDistanceMm: ref.distanceMm,
        reason,
      });
    };
    if (primary === null) {
      withoutGeometry('no positioner angles');
      return;
    }
    const offPhantom = ctx.offPhantom(e);
    if (offPhantom !== null) {
      withoutGeometry(offPhantom);
      return;
    }
    let secondary = e.positionerSecondaryAngleDeg?.value ?? e.positionerIsocenterSecondaryAngleDeg?.value ?? null;
    const range = checkAngleRange({
      primaryDeg: primary,
      secondaryDeg: secondary,
      primaryEndDeg: e.positionerPrimaryEndAngleDeg?.value ?? null,
      secondaryEndDeg: e.positionerSecondaryEndAngleDeg?.value ?? null,
    });
    if (range.exclude !== null) {
      log.noteEvent('angle-out-of-range', `${range.exclude}: the event's geometry is not used`);
      withoutGeometry(range.exclude);
      return;
    }
    if (range.note !== null) log.noteEvent('angle-out-of-range', range.note);
    if (secondary === null) {
      secondary = 0;
      log.noteEvent('secondary-angle-defaulted', 'no secondary angle: 0° assumed');
    }
    if ([e.tableHeadTiltAngleDeg, e.tableCradleTiltAngleDeg, e.tableHorizontalRotationAngleDeg].some((q) => q && Math.abs(q.value) > 0.5)) {
      log.noteEvent('table-tilt-ignored', 'table tilt or rotation reported; the table is treated as level and aligned');
    }
    const knownDsi = dsiKnown.take(e.plane, e.distanceSourceToIsocenterMm?.value);
    const knownDsd = dsdKnown.take(e.plane, e.distanceSourceToDetectorMm?.value);
    if (knownDsi?.carried || knownDsd?.carried) {
      log.noteEvent('distance-carried-forward', 'source–isocenter or source–detector distance not reported: the last value reported for the plane is used');
    }
    const dsiDefaulted = knownDsi === null;
    const dsi = knownDsi?.value ?? profile.defaults.distanceSourceToIsocenterMm;
    const dsdDefaulted = knownDsd === null || knownDsd.value <= dsi;
    const dsd = dsdDefaulted ? Math.max(profile.defaults.distanceSourceToDetectorMm, dsi + 100) : knownDsd.value;
    // One note per event, whichever distances were missing.
    if (dsiDefaulted || dsdDefaulted)
      log.noteEvent('distance-defaulted', 'source–isocenter or source–detector distance not reported; the profile default is used');

    const d = displacements[index];
    const delta: V3 = [
      d.x === null || reference.x === null ? 0 : d.x - reference.x,
      d.y === null || reference.y === null ? 0 : d.y - reference.y,
      d.z === null || reference.z === null ? 0 : d.z - reference.z,
    ];
    if (d.x === null || d.y === null || d.z === null) {
      log.noteEvent(
        'table-position-missing',
        'a table position is missing: the table is assumed at its reference (dose-weighted median) position on that axis',
      );
    }
    const shift = perturbation.isocenterShiftMm ?? [0, 0, 0];
    const iso: V3 =
      profile.isocenter.mode === 'anchored'
        ? [ctx.anchorTableFrame[0] - delta[0] + shift[0], ctx.anchorTableFrame[1] - delta[1] + shift[1], ctx.anchorTableFrame[2] - delta[2] + shift[2]]
        : [
            profile.isocenter.isocenterAtZeroMm.x - (d.x ?? 0) + shift[0],
            profile.isocenter.isocenterAtZeroMm.y - (d.y ?? 0) + shift[1],
            profile.isocenter.isocenterAtZeroMm.z - (d.z ?? 0) + shift[2],
          ];

    const p1 = profile.angleSigns.primary * primary;
    const p2 = profile.angleSigns.secondary * secondary;
    const arc = arcSteps(e, p1, p2, ctx);
    const axis0 = toTableFrame(detectorDirectionPatient(p1, p2), ctx.placement);
    const sourceZ = iso[2] - dsi * axis0[2];
    const toTableTop = e.distanceSourceToTablePlaneMm?.value ?? (Math.abs(axis0[2]) > 1e-6 ? Math.abs((ctx.tableTopZ - sourceZ) / axis0[2]) : null);
    const ref = referenceOf(
      e,
      planeReference(procedure, e.plane),
      { distanceSourceToIsocenterMm: dsi, distanceSourceToDetectorMm: dsd, distanceSourceToTableTopMm: toTableTop },
      ctx.referencePointCm,
    );
    if (ref.defaulted) log.noteEvent('reference-point-defaulted', ref.basis);
    const fieldInputs = {
      distanceSourceToDetectorMm: dsd,
      distanceSourceToIsocenterMm: dsi,
      referenceDistanceMm: ref.distanceMm,
      detectorSideMm: profile.detector.sideMm,
    };
    const field = resolveFieldSize(e, profile.fieldSizeSources, fieldInputs);
    if (field.method === 'detector')
      log.noteEvent(
        'field-from-detector-size',
        'no usable collimated field or DAP/Ka,r: the full detector field is assumed (over-estimates the irradiated area)',
      );

    const resolved = eventKerma(e, reportedKerma !== null && reportedKerma > 0 ? field : resolveFieldSize(e, COLLIMATED_ONLY, fieldInputs), ref.distanceMm);
    if (resolved.kind === 'none') {
      skipped.push({ index, reason: resolved.reason });
      return;
    }
    if (resolved.kind === 'derived') log.noteEvent('kerma-derived-from-dap', DERIVED_NOTE);
    const kerma = resolved.kermaGy * quality.kermaCorrectionFactor;
    const perStep = kerma / arc.length;
    const dapPerStep = dap === null ? null : dap / arc.length;
    for (const [a1, a2] of arc) {
      const axis = arc.length === 1 ? axis0 : toTableFrame(detectorDirectionPatient(a1, a2), ctx.placement);
      const beam = buildBeam(iso, axis, dsi, field.widthMm, field.heightMm, field.atDistanceMm);
      steps.push({ eventIndex: index, plane: e.plane, kermaGy: perStep, dapGyM2: dapPerStep, beam, referenceDistanceMm: ref.distanceMm, quality });
    }
  });
  return { steps, unplaced, skipped };
}
