import { buildCylinderPhantom, buildHumanPhantom, buildPlanePhantom, type Phantom } from '../phantoms';
import { buildBeam, detectorDirectionPatient, placement, toTableFrame, type BeamGeometry, type PatientPosition, type Placement, type V3 } from '../geometry';
import { computeHitSet, sameBeamPyramid, type SupportSlab } from './hit-set';
import { placePhantom } from './placed-phantom';

const SUPPORT: SupportSlab = { halfWidthMm: 250, midPlaneZ: -40 };

/** Deterministic pseudo-random numbers in [0, 1) (a fixed sequence, so a failure is reproducible). */
function sequence(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * The exact per-cell tests applied to every cell, without any culling: the reference the culled
 * traversal must reproduce cell for cell.
 */
function bruteForceHits(b: BeamGeometry, phantom: Phantom, p: Placement): number[] {
  const hits: number[] = [];
  const halfCell = phantom.cellSizeMm / 2;
  const smallField = 0.75 * phantom.cellSizeMm;
  const [ux, uy, uz] = b.fieldU;
  const [vx, vy, vz] = b.fieldV;
  const [dx, dy, dz] = b.axis;
  const [sx, sy, sz] = b.source;
  const { x, y, z, nx, ny, nz } = phantom;
  for (let i = 0; i < phantom.cellCount; i++) {
    const wx = p.sx * x[i] - sx;
    const wy = Math.fround(p.sy * y[i] + p.ty) - sy;
    const wz = Math.fround(p.sz * z[i] + p.tz) - sz;
    const along = wx * dx + wy * dy + wz * dz;
    if (along <= 0) continue;
    let limU = b.tanHalfU * along;
    if (limU < smallField) limU += halfCell;
    let limV = b.tanHalfV * along;
    if (limV < smallField) limV += halfCell;
    if (Math.abs(wx * ux + wy * uy + wz * uz) > limU || Math.abs(wx * vx + wy * vy + wz * vz) > limV) continue;
    const facing = wx * p.sx * nx[i] + wy * p.sy * ny[i] + wz * p.sz * nz[i];
    if (!phantom.twoSided && facing >= 0) continue;
    hits.push(i);
  }
  return hits;
}

function randomBeam(next: () => number, phantom: Phantom, p: Placement): BeamGeometry {
  const cell = Math.floor(next() * phantom.cellCount);
  const target: V3 = [p.sx * phantom.x[cell], p.sy * phantom.y[cell] + p.ty, p.sz * phantom.z[cell] + p.tz];
  const iso: V3 = [target[0] * next(), target[1] + (next() - 0.5) * 200, phantom.thicknessMm * next()];
  const axis = toTableFrame(detectorDirectionPatient((next() - 0.5) * 360, (next() - 0.5) * 120), p);
  // From pencil beams narrower than a cell (the widening) to fields wider than the body.
  const sideAtDetectorMm = 2 + 450 * next() ** 2;
  return buildBeam(iso, axis, 600 + 300 * next(), sideAtDetectorMm, sideAtDetectorMm * (0.5 + next()), 1100);
}

const PHANTOMS: readonly [string, Phantom][] = [
  ['human, 1 cm', buildHumanPhantom(10)],
  ['human, 7 mm, heavy', buildHumanPhantom(7, { heightM: 1.6, massKg: 110 })],
  ['cylinder', buildCylinderPhantom(10)],
  ['plane (two-sided)', buildPlanePhantom(10)],
];
const POSITIONS: readonly PatientPosition[] = ['HFS', 'FFS', 'HFP', 'FFP'];

describe('computeHitSet: patch culling never changes the set of hit cells', () => {
  it.each(PHANTOMS)('%s: equals the exact test on every cell for random beams in every position', (_, phantom) => {
    const next = sequence(phantom.cellCount);
    let hitsSeen = 0;
    for (const position of POSITIONS) {
      const p = placement(position, phantom.lengthMm, phantom.thicknessMm);
      const placed = placePhantom(phantom, p);
      for (let k = 0; k < 40; k++) {
        const beam = randomBeam(next, phantom, p);
        const hits = computeHitSet(beam, placed, SUPPORT);
        const culled = Array.from(hits.cells.subarray(0, hits.count)).sort((a, b) => a - b);
        // One string comparison per beam: a failure still shows both lists.
        expect(culled.join(' ')).toBe(bruteForceHits(beam, phantom, p).join(' '));
        hitsSeen += hits.count;
      }
    }
    // The random beams must actually reach the skin, or the comparison above proves nothing.
    expect(hitsSeen).toBeGreaterThan(1000);
  });

  it('gives each hit cell 1/r², the field side at the cell and the path ratio through the support', () => {
    const phantom = buildPlanePhantom(10);
    const p = placement('HFS', phantom.lengthMm, phantom.thicknessMm);
    // Straight up from 650 mm under the film: the central cell is 650 mm away, crossing the table at normal incidence.
    const beam = buildBeam([5, -605, 0], [0, 0, 1], 650, 200, 200, 1100);
    const hits = computeHitSet(beam, placePhantom(phantom, p), SUPPORT);
    const centre = Array.from(hits.cells.subarray(0, hits.count)).findIndex((i) => Math.abs(phantom.x[i] - 5) < 1 && Math.abs(phantom.y[i] + 605) < 1);
    expect(centre).toBeGreaterThanOrEqual(0);
    expect(hits.inverseSquareMm2[centre]).toBeCloseTo(1 / 650 ** 2, 15);
    expect(hits.fieldSideCm[centre]).toBeCloseTo(((200 / 1100) * 650) / 10, 9);
    expect(hits.supportPathRatio[centre]).toBeCloseTo(1, 9);
  });
});

describe('sameBeamPyramid', () => {
  it('is true for an identical pyramid and false when any defining number differs', () => {
    const beam = buildBeam([0, -500, 100], [0, 0, 1], 750, 200, 150, 1100);
    expect(sameBeamPyramid(beam, buildBeam([0, -500, 100], [0, 0, 1], 750, 200, 150, 1100))).toBe(true);
    expect(sameBeamPyramid(beam, buildBeam([0, -500.001, 100], [0, 0, 1], 750, 200, 150, 1100))).toBe(false);
    expect(sameBeamPyramid(beam, buildBeam([0, -500, 100], [0, 0, 1], 750, 200, 151, 1100))).toBe(false);
    expect(sameBeamPyramid(beam, buildBeam([0, -500, 100], toTableFrame(detectorDirectionPatient(0.01, 0), placement('HFS', 0, 0)), 750, 200, 150, 1100))).toBe(
      false,
    );
  });
});
