import { REFERENCE_BODY } from '../phantoms';
import type { MapSurface } from './map-surface';

/** What one study's report said about the patient's size (null: not reported or implausible). */
export interface ReportedBody {
  readonly studyInstanceUid: string;
  /** ISO date-time used to find the most recent report. */
  readonly studyTime: string;
  readonly heightM: number | null;
  readonly massKg: number | null;
}

export interface SizedFrom {
  readonly value: number;
  /** The study whose report gave the value; null when the reference body was assumed. */
  readonly studyInstanceUid: string | null;
  readonly studyTime: string | null;
}

export interface PatientPhantom {
  readonly surface: Extract<MapSurface, { kind: 'human' }>;
  readonly height: SizedFrom;
  readonly mass: SizedFrom;
  readonly reason: string;
}

const plausibleHeight = (h: number | null): h is number => h !== null && h >= 0.4 && h <= 2.5;
const plausibleMass = (m: number | null): m is number => m !== null && m >= 2 && m <= 350;

/**
 * The one human phantom a patient's maps are added on: height and mass each from the most recent
 * study whose report gave a plausible value (a patient's weight changes; the latest is the best
 * known), else the reference body (178.6 cm, 73.2 kg), said so.
 */
export function patientPhantom(reports: readonly ReportedBody[], cellSizeMm: number): PatientPhantom {
  const latest = [...reports].sort((a, b) => b.studyTime.localeCompare(a.studyTime));
  const h = latest.find((r) => plausibleHeight(r.heightM));
  const m = latest.find((r) => plausibleMass(r.massKg));
  const height: SizedFrom = h
    ? { value: h.heightM!, studyInstanceUid: h.studyInstanceUid, studyTime: h.studyTime }
    : { value: REFERENCE_BODY.heightM, studyInstanceUid: null, studyTime: null };
  const mass: SizedFrom = m
    ? { value: m.massKg!, studyInstanceUid: m.studyInstanceUid, studyTime: m.studyTime }
    : { value: REFERENCE_BODY.massKg, studyInstanceUid: null, studyTime: null };
  const said = (what: string, s: SizedFrom, unit: string) =>
    s.studyInstanceUid
      ? `${what} ${s.value} ${unit} from the most recent report giving it (study of ${s.studyTime})`
      : `${what} ${s.value} ${unit} assumed (reference body: no report in the window gave a plausible ${what})`;
  return {
    surface: { kind: 'human', cellSizeMm, heightM: height.value, massKg: mass.value },
    height,
    mass,
    reason: `human phantom sized once for the patient: ${said('height', height, 'm')}; ${said('mass', mass, 'kg')}`,
  };
}
