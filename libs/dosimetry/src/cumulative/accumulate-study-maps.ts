import type { DoseMap, PsdLocation } from '../engine';
import { bodySurface, isBodySurface, surfaceKey, type BodySurface, type MapSurface } from './map-surface';
import { patientPhantom, type PatientPhantom } from './patient-surface';
import { resampleDoseMap } from './resample';

/** One study's skin dose as the accumulation needs it. */
export interface StudySkinDose {
  readonly studyInstanceUid: string;
  /** ISO date-time (study date, else arrival), for ordering and for sizing the phantom from the latest report. */
  readonly studyTime: string;
  /** null: not known (not computed yet, failed, no skin-dose method for the modality). */
  readonly psdGy: number | null;
  /** Why the PSD is unknown (when psdGy is null). */
  readonly unknownReason?: string;
  /** The study's relative expanded uncertainty (k = 2), e.g. 0.35. */
  readonly expandedRelativeK2: number | null;
  readonly map: { readonly surface: MapSurface; readonly doseGy: Float32Array } | null;
  /** Height and mass the study's report gave (null: not reported, so the study assumed them). */
  readonly reportedHeightM: number | null;
  readonly reportedMassKg: number | null;
}

export type CumulativeAssumptionCode =
  | 'phantom-reference-body'
  | 'map-resampled'
  | 'phantom-kind-differs'
  | 'study-without-map-added-at-peak'
  | 'studies-without-skin-dose'
  | 'uncertainty-fully-correlated';

export interface CumulativeAssumption {
  readonly code: CumulativeAssumptionCode;
  readonly message: string;
  readonly studyCount?: number;
}

export interface StudyContribution {
  readonly studyInstanceUid: string;
  readonly studyTime: string;
  readonly psdGy: number | null;
  /** 'map': its map was added cell by cell; 'added-at-peak': PSD known but no body map; 'unknown': no PSD. */
  readonly contribution: 'map' | 'added-at-peak' | 'unknown';
  readonly resampled: boolean;
  readonly reason: string | null;
}

export interface CumulativeSkinDose {
  /** Peak of the summed map, plus the PSDs of studies without a body map (added at the peak); null when no PSD is known. */
  readonly cumulativePsdGy: number | null;
  readonly peakOfSummedMapGy: number | null;
  readonly addedWithoutMapGy: number;
  readonly psdLocation: (PsdLocation & { readonly bodyCoordinates: { readonly u: number; readonly v: number } }) | null;
  /** Σ of the studies' PSDs: an upper bound (every peak on the same skin); null when none is known. */
  readonly sumOfPsdGy: number | null;
  readonly interval: { readonly lowGy: number; readonly highGy: number; readonly coverageFactor: 2; readonly method: string } | null;
  readonly phantom: { readonly surface: MapSurface; readonly description: string; readonly reason: string; readonly sizing: PatientPhantom | null };
  readonly doseMap: DoseMap | null;
  readonly studies: readonly StudyContribution[];
  readonly studiesWithUnknownPsd: number;
  readonly assumptions: readonly CumulativeAssumption[];
}

const DEFAULT_CELL_MM = 10;

export const INTERVAL_METHOD =
  'per cell, the studies’ expanded (k = 2) absolute uncertainties added linearly (errors assumed fully correlated: same calibration, ' +
  'same phantom and geometry model), so the band is the upper envelope of any correlation; low = max over cells of (Σ D − Σ U·D), ' +
  'high = max over cells of (Σ D + Σ U·D), plus each study added at the peak with its own PSD interval';

/**
 * A patient's cumulative skin dose over a set of studies: every study map resampled onto one body
 * surface (the patient's human phantom, sized once), added cell by cell, and the peak found.
 * Identical procedures give exactly twice the single map; fields on different skin do not add.
 */
export function accumulateStudyMaps(studies: readonly StudySkinDose[]): CumulativeSkinDose {
  const ordered = [...studies].sort((a, b) => a.studyTime.localeCompare(b.studyTime));
  const known = ordered.filter((s) => s.psdGy !== null);
  const mapped = known.filter((s) => s.map !== null && isBodySurface(s.map.surface));
  const assumptions: CumulativeAssumption[] = [];
  const target = targetSurface(ordered, mapped);
  if (target.sizing && target.sizing.height.studyInstanceUid === null) {
    assumptions.push({
      code: 'phantom-reference-body',
      message: `patient height not reported by any study: reference ${target.sizing.height.value} m assumed`,
    });
  }
  if (target.sizing && target.sizing.mass.studyInstanceUid === null) {
    assumptions.push({ code: 'phantom-reference-body', message: `patient mass not reported by any study: reference ${target.sizing.mass.value} kg assumed` });
  }
  const surface = bodySurface(target.surface);
  const p = surface.phantom;
  const sum = new Float64Array(p.mapWidth * p.mapHeight).fill(NaN);
  const band = new Float64Array(sum.length);
  for (let i = 0; i < p.cellCount; i++) sum[p.cellRow[i] * p.mapWidth + p.cellColumn[i]] = 0;

  const contributions = new Map<string, StudyContribution>();
  let resampledCount = 0;
  let otherKind = 0;
  for (const s of mapped) {
    const source = bodySurface(s.map!.surface);
    const onTarget = resampleDoseMap(source, s.map!.doseGy, surface);
    const u = s.expandedRelativeK2 ?? 0;
    for (let i = 0; i < sum.length; i++) {
      if (Number.isNaN(sum[i])) continue;
      sum[i] += onTarget[i];
      band[i] += u * onTarget[i];
    }
    const resampled = source.key !== surface.key;
    if (resampled) resampledCount++;
    if (source.surface.kind !== surface.surface.kind) otherKind++;
    contributions.set(s.studyInstanceUid, {
      studyInstanceUid: s.studyInstanceUid,
      studyTime: s.studyTime,
      psdGy: s.psdGy,
      contribution: 'map',
      resampled,
      reason: null,
    });
  }
  const withoutMap = known.filter((s) => !contributions.has(s.studyInstanceUid));
  for (const s of withoutMap) {
    const reason = s.map ? 'the map is on a film plane, not a body surface' : 'no skin map (geometry unavailable or not sent)';
    contributions.set(s.studyInstanceUid, {
      studyInstanceUid: s.studyInstanceUid,
      studyTime: s.studyTime,
      psdGy: s.psdGy,
      contribution: 'added-at-peak',
      resampled: false,
      reason,
    });
  }
  for (const s of ordered.filter((x) => x.psdGy === null)) {
    contributions.set(s.studyInstanceUid, {
      studyInstanceUid: s.studyInstanceUid,
      studyTime: s.studyTime,
      psdGy: null,
      contribution: 'unknown',
      resampled: false,
      reason: s.unknownReason ?? 'skin dose not known',
    });
  }

  if (resampledCount) {
    assumptions.push({
      code: 'map-resampled',
      message:
        'maps computed on another phantom size or cell size were resampled through body coordinates (height fraction from the vertex, arc fraction around the body) by area-weighted overlap',
      studyCount: resampledCount,
    });
  }
  if (otherKind) {
    assumptions.push({
      code: 'phantom-kind-differs',
      message: `maps on a ${[...new Set(mapped.map((s) => s.map!.surface.kind))].join('/')} phantom were placed on the ${surface.surface.kind} phantom by body coordinates: an approximation (different shapes)`,
      studyCount: otherKind,
    });
  }
  if (withoutMap.length) {
    assumptions.push({
      code: 'study-without-map-added-at-peak',
      message: 'studies with a PSD but no body map are added at the cumulative peak (conservative: as if on the same skin)',
      studyCount: withoutMap.length,
    });
  }
  const unknown = ordered.length - known.length;
  if (unknown) {
    assumptions.push({
      code: 'studies-without-skin-dose',
      message: 'studies whose skin dose is not known are not in the cumulative figures: the cumulative PSD is a lower bound until they are',
      studyCount: unknown,
    });
  }
  if (known.length > 1) assumptions.push({ code: 'uncertainty-fully-correlated', message: INTERVAL_METHOD });

  const peak = peakOf(sum, band, surface);
  const addedWithoutMapGy = withoutMap.reduce((a, s) => a + s.psdGy!, 0);
  const addedBand = withoutMap.reduce((a, s) => a + (s.expandedRelativeK2 ?? 0) * s.psdGy!, 0);
  const sumOfPsdGy = known.length ? known.reduce((a, s) => a + s.psdGy!, 0) : null;
  const cumulativePsdGy = known.length ? (peak?.doseGy ?? 0) + addedWithoutMapGy : null;
  return {
    cumulativePsdGy,
    peakOfSummedMapGy: peak?.doseGy ?? null,
    addedWithoutMapGy,
    psdLocation: peak?.location ?? null,
    sumOfPsdGy,
    interval:
      cumulativePsdGy === null
        ? null
        : {
            lowGy: Math.max(0, (peak?.lowGy ?? 0) + addedWithoutMapGy - addedBand),
            highGy: (peak?.highGy ?? 0) + addedWithoutMapGy + addedBand,
            coverageFactor: 2,
            method: INTERVAL_METHOD,
          },
    phantom: { surface: surface.surface, description: p.description, reason: target.reason, sizing: target.sizing },
    doseMap: mapped.length
      ? { widthCells: p.mapWidth, heightCells: p.mapHeight, cellSizeMm: p.cellSizeMm, layout: p.mapLayout, doseGy: Float32Array.from(sum) }
      : null,
    studies: ordered.map((s) => contributions.get(s.studyInstanceUid)!),
    studiesWithUnknownPsd: unknown,
    assumptions,
  };
}

/**
 * The surface the maps are added on. A human phantom sized from the best-known height and mass, at
 * the finest cell size among the maps; except when every map is on one and the same cylinder, which
 * is then kept as it is (exact, nothing to resample).
 */
function targetSurface(
  all: readonly StudySkinDose[],
  mapped: readonly StudySkinDose[],
): { surface: MapSurface; reason: string; sizing: PatientPhantom | null } {
  const keys = new Set(mapped.map((s) => surfaceKey(s.map!.surface)));
  const only = mapped[0]?.map!.surface;
  if (keys.size === 1 && only && only.kind === 'cylinder') {
    return { surface: only, reason: 'every study map is on this same elliptic cylinder, so they are added on it as computed', sizing: null };
  }
  const cellSizeMm = mapped.length ? Math.min(...mapped.map((s) => s.map!.surface.cellSizeMm)) : DEFAULT_CELL_MM;
  const sizing = patientPhantom(
    all.map((s) => ({ studyInstanceUid: s.studyInstanceUid, studyTime: s.studyTime, heightM: s.reportedHeightM, massKg: s.reportedMassKg })),
    cellSizeMm,
  );
  return { surface: sizing.surface, reason: `${sizing.reason}; ${cellSizeMm} mm cells (the finest of the study maps)`, sizing };
}

function peakOf(sum: Float64Array, band: Float64Array, surface: BodySurface) {
  const p = surface.phantom;
  let best = -1;
  let low = 0;
  let high = 0;
  for (let i = 0; i < sum.length; i++) {
    const d = sum[i];
    if (Number.isNaN(d)) continue;
    if (best < 0 || d > sum[best]) best = i;
    low = Math.max(low, d - band[i]);
    high = Math.max(high, d + band[i]);
  }
  if (best < 0 || !(sum[best] > 0)) return null;
  const row = Math.floor(best / p.mapWidth);
  const column = best % p.mapWidth;
  let index = -1;
  for (let i = p.rowStart[row]; i < p.rowStart[row + 1]; i++) if (p.cellColumn[i] === column) index = i;
  const segment = surface.segments.find((s) => row >= s.firstRow && row < s.firstRow + s.rows)!;
  const u = (column - segment.columnOffset + 0.5) / segment.columns;
  const v = segment.v0 + ((row - segment.firstRow + 0.5) / segment.rows) * (segment.v1 - segment.v0);
  return {
    doseGy: sum[best],
    lowGy: low,
    highGy: high,
    location: {
      region: p.regionNames[p.region[index]],
      mapRow: row,
      mapColumn: column,
      positionMm: { x: p.x[index], y: p.y[index], z: p.z[index] },
      bodyCoordinates: { u, v },
    },
  };
}
