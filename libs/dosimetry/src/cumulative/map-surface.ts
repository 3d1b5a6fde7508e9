import type { SkinDoseResult } from '../engine';
import {
  buildCylinderPhantom,
  DEFAULT_CYLINDER,
  DEFAULT_PLANE,
  REFERENCE_BODY,
  type CylinderDimensions,
  type PlaneDimensions,
  buildHumanPhantom,
  buildPlanePhantom,
  InvalidPhantomError,
  scaleHumanPhantom,
  type Phantom,
  type PhantomKind,
} from '../phantoms';

/**
 * Which phantom surface a dose map was computed on: enough to rebuild that phantom exactly (the
 * builders are deterministic), and so to know where each map cell lies on the body.
 */
export type MapSurface =
  | { readonly kind: 'human'; readonly cellSizeMm: number; readonly heightM: number; readonly massKg: number }
  | { readonly kind: 'cylinder'; readonly cellSizeMm: number; readonly semiAxisLateralMm: number; readonly semiAxisApMm: number; readonly lengthMm: number }
  | { readonly kind: 'plane'; readonly cellSizeMm: number; readonly lengthMm: number; readonly widthMm: number };

/**
 * One band of map rows that share a ring of cells: rows `firstRow … firstRow + rows − 1` cover the
 * normalized longitudinal range [v0, v1] in equal steps, and each row's `columns` cells (map columns
 * `columnOffset …`) cover the normalized angular range [0, 1) in equal steps.
 *
 * Body coordinates: v = distance from the top of the phantom (the vertex for the human phantom) as a
 * fraction of the phantom's length; u = arc length around the cross-section from the anterior
 * midline toward the patient's left, as a fraction of the perimeter. Human phantoms of any height and
 * mass are similar shapes segment by segment (head 240/940 of the length, trunk a stadium whose flat
 * width is 1.44 × its radius), so (u, v) names the same anatomical point on all of them.
 */
export interface SurfaceSegment {
  readonly name: string;
  readonly v0: number;
  readonly v1: number;
  readonly firstRow: number;
  readonly rows: number;
  readonly columns: number;
  readonly columnOffset: number;
}

export interface BodySurface {
  readonly surface: MapSurface;
  readonly key: string;
  readonly phantom: Phantom;
  readonly segments: readonly SurfaceSegment[];
}

export class UnsupportedSurfaceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedSurfaceError';
  }
}

/**
 * The surface of an engine result's map. The result names the phantom kind, cell size and body; the
 * cylinder and plane dimensions are the engine options' (defaults when not given).
 */
export function mapSurfaceOf(
  result: Pick<SkinDoseResult, 'phantom'>,
  options: { readonly cylinder?: CylinderDimensions; readonly plane?: PlaneDimensions } = {},
): MapSurface {
  const { kind, cellSizeMm, heightM, massKg } = result.phantom;
  switch (kind) {
    case 'human':
      return { kind, cellSizeMm, heightM: heightM ?? REFERENCE_BODY.heightM, massKg: massKg ?? REFERENCE_BODY.massKg };
    case 'cylinder':
      return { kind, cellSizeMm, ...(options.cylinder ?? DEFAULT_CYLINDER) };
    case 'plane':
      return { kind, cellSizeMm, ...(options.plane ?? DEFAULT_PLANE) };
  }
}

export function surfaceKey(s: MapSurface): string {
  switch (s.kind) {
    case 'human':
      return `human|${s.cellSizeMm}|${s.heightM}|${s.massKg}`;
    case 'cylinder':
      return `cylinder|${s.cellSizeMm}|${s.semiAxisLateralMm}|${s.semiAxisApMm}|${s.lengthMm}`;
    case 'plane':
      return `plane|${s.cellSizeMm}|${s.lengthMm}|${s.widthMm}`;
  }
}

/** A flat film under the patient is not a body surface: its cells have no place on the skin. */
export function isBodySurface(s: MapSurface): boolean {
  return s.kind !== 'plane';
}

function build(s: MapSurface): Phantom {
  switch (s.kind) {
    case 'human':
      return buildHumanPhantom(s.cellSizeMm, { heightM: s.heightM, massKg: s.massKg });
    case 'cylinder':
      return buildCylinderPhantom(s.cellSizeMm, { semiAxisLateralMm: s.semiAxisLateralMm, semiAxisApMm: s.semiAxisApMm, lengthMm: s.lengthMm });
    case 'plane':
      return buildPlanePhantom(s.cellSizeMm, { lengthMm: s.lengthMm, widthMm: s.widthMm });
  }
}

function ringOf(phantom: Phantom, row: number): { columns: number; columnOffset: number } {
  const first = phantom.rowStart[row];
  return { columns: phantom.rowStart[row + 1] - first, columnOffset: phantom.cellColumn[first] };
}

function segmentsOf(s: MapSurface, phantom: Phantom): SurfaceSegment[] {
  if (s.kind === 'plane') throw new UnsupportedSurfaceError('a film plane is not a body surface: its map cannot be placed on the skin');
  if (s.kind === 'cylinder') return [{ name: 'body', v0: 0, v1: 1, firstRow: 0, rows: phantom.mapHeight, ...ringOf(phantom, 0) }];
  const d = scaleHumanPhantom(s);
  const headRows = Math.round(d.headHeightMm / s.cellSizeMm);
  const headFraction = d.headHeightMm / (d.headHeightMm + d.torsoLengthMm);
  return [
    { name: 'head', v0: 0, v1: headFraction, firstRow: 0, rows: headRows, ...ringOf(phantom, 0) },
    { name: 'trunk', v0: headFraction, v1: 1, firstRow: headRows, rows: phantom.mapHeight - headRows, ...ringOf(phantom, headRows) },
  ];
}

const LIMIT = 8;
const cache = new Map<string, BodySurface>();

/** The phantom behind a map surface with its segments (rebuilt once, bounded cache). */
export function bodySurface(s: MapSurface): BodySurface {
  const key = surfaceKey(s);
  const known = cache.get(key);
  if (known) return known;
  const phantom = build(s);
  const made: BodySurface = { surface: s, key, phantom, segments: segmentsOf(s, phantom) };
  cache.set(key, made);
  if (cache.size > LIMIT) cache.delete(cache.keys().next().value as string);
  return made;
}

/** Checks that a map's grid is the one its surface produces; a mismatch means the map is not what it claims. */
export function checkMapFitsSurface(s: MapSurface, widthCells: number, heightCells: number): void {
  let phantom: Phantom;
  try {
    phantom = bodySurface(s).phantom;
  } catch (err) {
    if (!(err instanceof UnsupportedSurfaceError)) throw err;
    phantom = build(s);
  }
  if (phantom.mapWidth !== widthCells || phantom.mapHeight !== heightCells) {
    throw new InvalidPhantomError(
      `a ${widthCells} × ${heightCells}-cell map does not fit the ${s.kind} phantom it names (${phantom.mapWidth} × ${phantom.mapHeight} cells at ${s.cellSizeMm} mm)`,
    );
  }
}

export type { PhantomKind };
