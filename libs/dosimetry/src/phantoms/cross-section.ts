/**
 * A closed convex cross-section of the body in the transverse (x, z) plane, walked by arc length from
 * the anterior midline toward the patient's left, so that the posterior midline falls in the middle
 * of the unrolled map.
 */
export interface SurfacePoint {
  readonly x: number;
  readonly z: number;
  readonly nx: number;
  readonly nz: number;
  readonly surface: Surface;
}

export type Surface = 'anterior' | 'left side' | 'posterior' | 'right side';

export interface CrossSection {
  readonly perimeterMm: number;
  at(arcMm: number): SurfacePoint;
}

function surfaceOfNormal(nx: number, nz: number): Surface {
  if (Math.abs(nz) >= Math.abs(nx)) return nz > 0 ? 'anterior' : 'posterior';
  return nx > 0 ? 'left side' : 'right side';
}

/** Arc-length tables of recent ellipses: the head section is the same for every body. */
const ellipseArcTables = new Map<string, Float64Array>();
const ARC_TABLE_LIMIT = 8;

function ellipseArcTable(aMm: number, bMm: number, samples: number): Float64Array {
  const key = `${aMm}|${bMm}`;
  const known = ellipseArcTables.get(key);
  if (known) return known;
  const cumulative = new Float64Array(samples + 1);
  let px = 0;
  let pz = 2 * bMm;
  for (let i = 1; i <= samples; i++) {
    const phi = (2 * Math.PI * i) / samples;
    const qx = aMm * Math.sin(phi);
    const qz = bMm + bMm * Math.cos(phi);
    cumulative[i] = cumulative[i - 1] + Math.hypot(qx - px, qz - pz);
    px = qx;
    pz = qz;
  }
  if (ellipseArcTables.size >= ARC_TABLE_LIMIT) ellipseArcTables.delete(ellipseArcTables.keys().next().value as string);
  ellipseArcTables.set(key, cumulative);
  return cumulative;
}

/** Ellipse with lateral semi-axis a and anterior–posterior semi-axis b, lying on z = 0. */
export function ellipseSection(aMm: number, bMm: number): CrossSection {
  const samples = 4096;
  const cumulative = ellipseArcTable(aMm, bMm, samples);
  const point = (phi: number): [number, number] => [aMm * Math.sin(phi), bMm + bMm * Math.cos(phi)];
  const perimeterMm = cumulative[samples];
  return {
    perimeterMm,
    at(arcMm: number): SurfacePoint {
      let lo = 0;
      let hi = samples;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid] <= arcMm) lo = mid;
        else hi = mid;
      }
      const t = (arcMm - cumulative[lo]) / (cumulative[hi] - cumulative[lo]);
      const phi = (2 * Math.PI * (lo + t)) / samples;
      const [x, z] = point(phi);
      const gx = Math.sin(phi) / aMm;
      const gz = Math.cos(phi) / bMm;
      const g = Math.hypot(gx, gz);
      return { x, z, nx: gx / g, nz: gz / g, surface: surfaceOfNormal(gx, gz) };
    },
  };
}

/**
 * Stadium: flat anterior and posterior faces of width `flatMm` joined by half-cylinders of radius r
 * (openSkin's Phantom3 trunk), lying on z = 0.
 */
export function stadiumSection(flatMm: number, radiusMm: number): CrossSection {
  const half = flatMm / 2;
  const arc = Math.PI * radiusMm;
  const perimeterMm = 2 * flatMm + 2 * arc;
  return {
    perimeterMm,
    at(s: number): SurfacePoint {
      if (s < half) return { x: s, z: 2 * radiusMm, nx: 0, nz: 1, surface: 'anterior' };
      s -= half;
      if (s < arc) {
        const th = s / radiusMm;
        return { x: half + radiusMm * Math.sin(th), z: radiusMm + radiusMm * Math.cos(th), nx: Math.sin(th), nz: Math.cos(th), surface: 'left side' };
      }
      s -= arc;
      if (s < flatMm) return { x: half - s, z: 0, nx: 0, nz: -1, surface: 'posterior' };
      s -= flatMm;
      if (s < arc) {
        const th = Math.PI + s / radiusMm;
        return { x: -half + radiusMm * Math.sin(th), z: radiusMm + radiusMm * Math.cos(th), nx: Math.sin(th), nz: Math.cos(th), surface: 'right side' };
      }
      s -= arc;
      return { x: -half + s, z: 2 * radiusMm, nx: 0, nz: 1, surface: 'anterior' };
    },
  };
}

export const SURFACES: readonly Surface[] = ['anterior', 'left side', 'posterior', 'right side'];
