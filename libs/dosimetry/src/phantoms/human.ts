import { checkCellSize, PhantomCellWriter, type Phantom } from './phantom';
import { stadiumSection, ellipseSection, SURFACES } from './cross-section';

/**
 * Human-shaped mathematical phantom after openSkin's Phantom3 (J. Cole; OpenREM geomclass.Phantom3):
 * a trunk whose cross-section is a flat front and back joined by half-cylinders, and a cylindrical head,
 * scaled from height h and mass m against a 178.6 cm / 73.2 kg reference:
 *   torso length 70·h/178.6 cm, side radius r = 10/√(h/178.6)·√(m/73.2) cm, flat width 14.4·r/10 cm,
 *   head height 24·h/178.6 cm, head circumference 58 cm.
 */
export interface HumanBody {
  readonly heightM: number;
  readonly massKg: number;
}

export const REFERENCE_BODY: HumanBody = { heightM: 1.786, massKg: 73.2 };

export interface HumanDimensions {
  readonly torsoLengthMm: number;
  readonly sideRadiusMm: number;
  readonly flatWidthMm: number;
  readonly headHeightMm: number;
  readonly headCircumferenceMm: number;
}

export function scaleHumanPhantom(body: HumanBody): HumanDimensions {
  const hRatio = (body.heightM * 100) / 178.6;
  const sideRadiusMm = (100 / Math.sqrt(hRatio)) * Math.sqrt(body.massKg / 73.2);
  return {
    torsoLengthMm: 700 * hRatio,
    sideRadiusMm,
    flatWidthMm: 1.44 * sideRadiusMm,
    headHeightMm: 240 * hRatio,
    headCircumferenceMm: 580,
  };
}

const HEAD_REGION = 8;
const REGION_NAMES = [
  ...['upper trunk', 'lower trunk'].flatMap((level) =>
    SURFACES.map((s) => {
      const names: Record<string, string> = {
        'anterior|upper trunk': 'chest (anterior upper trunk)',
        'posterior|upper trunk': 'upper back (posterior upper trunk)',
        'anterior|lower trunk': 'abdomen (anterior lower trunk)',
        'posterior|lower trunk': 'lower back (posterior lower trunk)',
      };
      return names[`${s}|${level}`] ?? `${s}, ${level}`;
    }),
  ),
  'head',
];

export function buildHumanPhantom(cellSizeMm: number, body: HumanBody = REFERENCE_BODY): Phantom {
  checkCellSize(cellSizeMm);
  const d = scaleHumanPhantom(body);
  const trunk = stadiumSection(d.flatWidthMm, d.sideRadiusMm);
  const headRadius = d.headCircumferenceMm / (2 * Math.PI);
  const head = ellipseSection(headRadius, headRadius);
  const trunkCols = Math.round(trunk.perimeterMm / cellSizeMm);
  const headCols = Math.round(head.perimeterMm / cellSizeMm);
  const headOffset = Math.max(0, Math.floor((trunkCols - headCols) / 2));
  const headRows = Math.round(d.headHeightMm / cellSizeMm);
  const trunkRows = Math.round(d.torsoLengthMm / cellSizeMm);
  const w = new PhantomCellWriter();

  const dyHead = d.headHeightMm / headRows;
  const dsHead = head.perimeterMm / headCols;
  const headRing = Array.from({ length: headCols }, (_, c) => head.at((c + 0.5) * dsHead));
  for (let r = 0; r < headRows; r++) {
    const y = -(r + 0.5) * dyHead;
    w.beginRow(y);
    headRing.forEach((p, c) => w.add(p.x, y, p.z, p.nx, 0, p.nz, dsHead * dyHead, headOffset + c, HEAD_REGION));
  }
  const dyTrunk = d.torsoLengthMm / trunkRows;
  const dsTrunk = trunk.perimeterMm / trunkCols;
  const trunkRing = Array.from({ length: trunkCols }, (_, c) => trunk.at((c + 0.5) * dsTrunk));
  const trunkSurface = trunkRing.map((p) => SURFACES.indexOf(p.surface));
  for (let r = 0; r < trunkRows; r++) {
    const y = -d.headHeightMm - (r + 0.5) * dyTrunk;
    const level = r < trunkRows / 2 ? 0 : 1;
    w.beginRow(y);
    trunkRing.forEach((p, c) => w.add(p.x, y, p.z, p.nx, 0, p.nz, dsTrunk * dyTrunk, c, level * SURFACES.length + trunkSurface[c]));
  }
  const depth = d.sideRadiusMm;
  const trunkAt = (fraction: number): { x: number; y: number; z: number } => ({ x: 0, y: -d.headHeightMm - fraction * d.torsoLengthMm, z: depth });
  return {
    ...w.finish(),
    kind: 'human',
    description: `human-shaped phantom (openSkin Phantom3 shape) for ${body.heightM.toFixed(2)} m, ${body.massKg.toFixed(1)} kg: trunk ${(
      d.torsoLengthMm / 10
    ).toFixed(1)} cm long, ${((d.flatWidthMm + 2 * d.sideRadiusMm) / 10).toFixed(1)} × ${((2 * d.sideRadiusMm) / 10).toFixed(1)} cm; head ${(
      d.headHeightMm / 10
    ).toFixed(1)} cm, circumference ${d.headCircumferenceMm / 10} cm; ${cellSizeMm} mm cells`,
    cellSizeMm,
    twoSided: false,
    mapWidth: Math.max(trunkCols, headCols),
    regionNames: REGION_NAMES,
    thicknessMm: 2 * d.sideRadiusMm,
    lengthMm: d.headHeightMm + d.torsoLengthMm,
    targets: {
      head: { x: 0, y: -d.headHeightMm / 2, z: headRadius },
      // Where the head meets the trunk (the phantom has no neck of its own).
      neck: trunkAt(0),
      chest: trunkAt(0.3),
      abdomen: trunkAt(0.6),
      pelvis: trunkAt(0.85),
    },
    dimensionsMm: { ...d },
    mapLayout: 'rows head (top) to the lower trunk; columns from the anterior midline toward the patient left, posterior midline (the back) in the centre',
  };
}
