import { GY_CM2_PER_GY_M2, type AcquisitionPlane, type DoseSource, type Procedure, type ProcedureKind } from '@kerma/rdsr';
import { skinDoseApplicability, type SkinDoseApplicability } from './skin-dose-applicability';
import { sizeSpecificDoseEstimate, type CtdiPhantom, type PatientSizeForSsde, type SsdeResult } from './ssde';

/**
 * The dose figures of one study, computed once for every service that shows or judges them (the
 * study view in history, the alert rules in notification). A figure the report does not give is
 * null, never 0.
 */

/** Per plane: the device's totals (TID 10002) and Kerma's sums of the events, two different facts. */
export interface PlaneDoseFigures {
  readonly plane: AcquisitionPlane;
  readonly doseRpTotalGy: number | null;
  readonly dapTotalGyCm2: number | null;
  readonly fluoroTimeTotalS: number | null;
  readonly eventCount: number;
  readonly doseRpEventSumGy: number | null;
  readonly dapEventSumGyCm2: number | null;
  /** Σ irradiation duration of the plane's fluoroscopy events. */
  readonly fluoroTimeEventSumS: number | null;
}

export interface CtAcquisitionFigures {
  readonly protocol: string | null;
  readonly targetRegion: string | null;
  readonly acquisitionType: string | null;
  readonly ctdiVolMGy: number | null;
  readonly dlpMGyCm: number | null;
  /** CTDI phantom as the report names it (IEC Head / Body Dosimetry Phantom). */
  readonly phantom: string | null;
  readonly scanningLengthMm: number | null;
  readonly kvp: number | null;
  /** AAPM Report 204 size-specific dose estimate, or null with the reason (size or phantom unknown). */
  readonly ssde: SsdeResult;
}

export interface CtFigures {
  /** The scanner's DLP total; the sum of the acquisitions' DLP when it gives none (see dlpTotalSource). */
  readonly dlpTotalMGyCm: number | null;
  readonly dlpTotalSource: 'device-total' | 'sum-of-acquisitions' | null;
  /** Highest CTDIvol of the acquisitions, the figure diagnostic reference levels compare. */
  readonly ctdiVolMaxMGy: number | null;
  readonly acquisitionCount: number;
  readonly acquisitions: readonly CtAcquisitionFigures[];
}

export interface MammographyFigures {
  /** Accumulated average glandular dose per breast as reported (TID 10005). */
  readonly accumulatedAgd: readonly { readonly laterality: 'left' | 'right' | 'bilateral' | null; readonly doseMGy: number }[];
}

/** One radiopharmaceutical administration as shown and judged (TID 10022). */
export interface AdministrationFigures {
  readonly agent: string | null;
  readonly radionuclide: string | null;
  readonly administeredActivityMBq: number | null;
  readonly route: string | null;
  readonly startDateTime: string | null;
  readonly stopDateTime: string | null;
  readonly effectiveDoseMSv: number | null;
  readonly organDoses: readonly { readonly organ: string | null; readonly doseMGy: number }[];
}

export interface NuclearMedicineFigures {
  /** Σ administered activity; null when no administration gives one, with how many lack it. */
  readonly administeredActivityTotalMBq: number | null;
  readonly administrationsWithoutActivity: number;
  /** Σ effective dose where every administration gives one, else null (a partial sum would understate it). */
  readonly effectiveDoseTotalMSv: number | null;
  readonly administrations: readonly AdministrationFigures[];
}

export interface StudyDoseFigures {
  readonly kind: ProcedureKind;
  /** Where the figures come from: a dose report, image headers or a dose screen. */
  readonly source: DoseSource;
  /**
   * Study totals over all planes: a plane's device total where the report gives one, else the sum
   * of its events (an alert must not be missed because a vendor left a total out).
   */
  readonly doseRpTotalGy: number | null;
  readonly dapTotalGyCm2: number | null;
  readonly fluoroTimeTotalS: number | null;
  readonly eventCount: number;
  readonly perPlane: readonly PlaneDoseFigures[];
  readonly ct: CtFigures | null;
  readonly mammography: MammographyFigures | null;
  readonly nuclearMedicine: NuclearMedicineFigures | null;
  readonly skinDose: SkinDoseApplicability;
}

export function studyDoseFigures(procedure: Procedure): StudyDoseFigures {
  const perPlane = planeFigures(procedure);
  return {
    kind: procedure.kind,
    // Procedures kept before `source` existed are dose reports.
    source: procedure.source ?? 'rdsr',
    doseRpTotalGy: sumKnown(perPlane.map((p) => p.doseRpTotalGy ?? p.doseRpEventSumGy)).value,
    dapTotalGyCm2: sumKnown(perPlane.map((p) => p.dapTotalGyCm2 ?? p.dapEventSumGyCm2)).value,
    fluoroTimeTotalS: sumKnown(perPlane.map((p) => p.fluoroTimeTotalS ?? p.fluoroTimeEventSumS)).value,
    eventCount: procedure.events.length,
    perPlane,
    ct: ctFigures(procedure),
    mammography: procedure.mammography
      ? { accumulatedAgd: procedure.mammography.accumulatedAverageGlandularDose.map((a) => ({ laterality: a.laterality, doseMGy: a.doseMGy.value })) }
      : null,
    nuclearMedicine: nuclearMedicineFigures(procedure),
    skinDose: skinDoseApplicability(procedure),
  };
}

function nuclearMedicineFigures(procedure: Procedure): NuclearMedicineFigures | null {
  if (!procedure.nuclearMedicine) return null;
  const administrations = procedure.nuclearMedicine.administrations.map(
    (a): AdministrationFigures => ({
      agent: a.agent?.meaning ?? a.agentText,
      radionuclide: a.radionuclide?.meaning ?? null,
      administeredActivityMBq: a.administeredActivityMBq?.value ?? null,
      route: a.route?.meaning ?? null,
      startDateTime: a.startDateTime,
      stopDateTime: a.stopDateTime,
      effectiveDoseMSv: a.effectiveDoseMSv?.value ?? null,
      organDoses: a.organDoses.map((o) => ({ organ: o.organ?.meaning ?? null, doseMGy: o.doseMGy.value })),
    }),
  );
  const activity = sumKnown(administrations.map((a) => a.administeredActivityMBq));
  const effective = sumKnown(administrations.map((a) => a.effectiveDoseMSv));
  return {
    administeredActivityTotalMBq: activity.value,
    administrationsWithoutActivity: activity.unknown,
    effectiveDoseTotalMSv: effective.unknown === 0 ? effective.value : null,
    administrations,
  };
}

function planeFigures(procedure: Procedure): PlaneDoseFigures[] {
  const planes = [...new Set([...procedure.planes.map((p) => p.plane), ...procedure.eventSums.map((s) => s.plane)])];
  return planes.map((plane) => {
    const totals = procedure.planes.find((p) => p.plane === plane);
    const sums = procedure.eventSums.find((s) => s.plane === plane);
    const fluoroDurations = procedure.events
      .filter((e) => e.plane === plane && e.type === 'fluoroscopy' && e.irradiationDurationS !== null)
      .map((e) => e.irradiationDurationS!.value);
    return {
      plane,
      doseRpTotalGy: totals?.doseRpTotalGy?.value ?? null,
      dapTotalGyCm2: totals?.dapTotalGyM2 ? withoutFloatNoise(totals.dapTotalGyM2.value * GY_CM2_PER_GY_M2) : null,
      fluoroTimeTotalS: totals?.fluoroTimeTotalS?.value ?? null,
      eventCount: sums?.eventCount ?? 0,
      doseRpEventSumGy: sums?.doseRpSumGy != null ? withoutFloatNoise(sums.doseRpSumGy) : null,
      dapEventSumGyCm2: sums?.dapSumGyM2 != null ? withoutFloatNoise(sums.dapSumGyM2 * GY_CM2_PER_GY_M2) : null,
      fluoroTimeEventSumS: sumKnown(fluoroDurations).value,
    };
  });
}

function ctFigures(procedure: Procedure): CtFigures | null {
  if (procedure.ct === null) return null;
  const acquisitions = procedure.ct.acquisitions.map(
    (a): CtAcquisitionFigures => ({
      protocol: a.protocol,
      targetRegion: a.targetRegion?.meaning ?? null,
      acquisitionType: a.acquisitionType?.meaning ?? null,
      ctdiVolMGy: a.ctdiVolMGy?.value ?? null,
      dlpMGyCm: a.dlpMGyCm?.value ?? null,
      phantom: a.phantomType?.meaning ?? null,
      scanningLengthMm: a.scanningLengthMm?.value ?? null,
      kvp: a.kvp?.value ?? null,
      ssde: sizeSpecificDoseEstimate({ ctdiVolMGy: a.ctdiVolMGy?.value ?? null, phantom: ctdiPhantom(a), size: patientSize(a) }),
    }),
  );
  const device = procedure.ct.totals.dlpTotalMGyCm?.value ?? null;
  const summed = sumKnown(acquisitions.map((a) => a.dlpMGyCm));
  // A sum with unknown members would understate the total: only a complete sum stands in.
  const sumStandsIn = summed.value !== null && summed.unknown === 0;
  const ctdiVols = acquisitions.map((a) => a.ctdiVolMGy).filter((v): v is number => v !== null);
  return {
    dlpTotalMGyCm: device ?? (sumStandsIn ? summed.value : null),
    dlpTotalSource: device !== null ? 'device-total' : sumStandsIn ? 'sum-of-acquisitions' : null,
    ctdiVolMaxMGy: ctdiVols.length ? Math.max(...ctdiVols) : null,
    acquisitionCount: acquisitions.length,
    acquisitions,
  };
}

type CtAcquisition = NonNullable<Procedure['ct']>['acquisitions'][number];

/** IEC Body (113691) and Head (113690) Dosimetry Phantoms: the 32 cm and 16 cm PMMA phantoms of CTDIvol. */
function ctdiPhantom(a: CtAcquisition): CtdiPhantom | null {
  if (a.phantomType?.scheme !== 'DCM') return null;
  return a.phantomType.value === '113691' ? '32cm' : a.phantomType.value === '113690' ? '16cm' : null;
}

function patientSize(a: CtAcquisition): PatientSizeForSsde | null {
  if (a.effectiveDiameterMm) return { kind: 'effective-diameter', cm: a.effectiveDiameterMm.value / 10 };
  if (a.lateralDimensionMm && a.apDimensionMm) return { kind: 'lateral-and-ap', lateralCm: a.lateralDimensionMm.value / 10, apCm: a.apDimensionMm.value / 10 };
  return null;
}

/**
 * Binary floating point leaves noise in sums and unit conversions of decimal values (2.7898 + 0.0001 = 2.7899000000000003). Twelve
 * significant digits is beyond any dose a device reports, so rounding there removes the noise and nothing real.
 */
const SUM_SIGNIFICANT_DIGITS = 12;

export function withoutFloatNoise(value: number): number {
  return Number(value.toPrecision(SUM_SIGNIFICANT_DIGITS));
}

/** A sum of the known values (null when none is known) and how many were unknown: unknown is never 0. */
export function sumKnown(values: readonly (number | null | undefined)[]): { readonly value: number | null; readonly unknown: number } {
  const known = values.filter((v): v is number => v !== null && v !== undefined);
  return { value: known.length ? withoutFloatNoise(known.reduce((a, b) => a + b, 0)) : null, unknown: values.length - known.length };
}
