import { checkCellSize, PhantomCellWriter, type Phantom } from './phantom';
import { ellipseSection, SURFACES } from './cross-section';

export interface CylinderDimensions {
  /** Lateral semi-axis. */
  readonly semiAxisLateralMm: number;
  /** Anterior–posterior semi-axis. */
  readonly semiAxisApMm: number;
  readonly lengthMm: number;
}

/** PySkinDose's default elliptic cylinder: semi-axes 20 cm (lateral) and 10 cm (AP), 150 cm long. */
export const DEFAULT_CYLINDER: CylinderDimensions = { semiAxisLateralMm: 200, semiAxisApMm: 100, lengthMm: 1500 };

const LEVELS = ['upper', 'lower'] as const;

/** Elliptic cylinder lying on the mattress along the table. Regions: surface × upper/lower half. */
export function buildCylinderPhantom(cellSizeMm: number, dims: CylinderDimensions = DEFAULT_CYLINDER): Phantom {
  checkCellSize(cellSizeMm);
  const section = ellipseSection(dims.semiAxisLateralMm, dims.semiAxisApMm);
  const cols = Math.round(section.perimeterMm / cellSizeMm);
  const rows = Math.round(dims.lengthMm / cellSizeMm);
  const ds = section.perimeterMm / cols;
  const dy = dims.lengthMm / rows;
  const ring = Array.from({ length: cols }, (_, c) => section.at((c + 0.5) * ds));
  const ringSurface = ring.map((p) => SURFACES.indexOf(p.surface));
  const w = new PhantomCellWriter();
  for (let r = 0; r < rows; r++) {
    const y = -(r + 0.5) * dy;
    const level = r < rows / 2 ? 0 : 1;
    w.beginRow(y);
    ring.forEach((p, c) => w.add(p.x, y, p.z, p.nx, 0, p.nz, ds * dy, c, level * SURFACES.length + ringSurface[c]));
  }
  const mid = { x: 0, y: -dims.lengthMm / 2, z: dims.semiAxisApMm };
  return {
    ...w.finish(),
    kind: 'cylinder',
    description: `elliptic cylinder ${(2 * dims.semiAxisLateralMm) / 10} × ${(2 * dims.semiAxisApMm) / 10} cm (semi-axes ${dims.semiAxisLateralMm / 10} and ${
      dims.semiAxisApMm / 10
    } cm), ${dims.lengthMm / 10} cm long, ${cellSizeMm} mm cells`,
    cellSizeMm,
    twoSided: false,
    mapWidth: cols,
    regionNames: LEVELS.flatMap((l) => SURFACES.map((s) => `${s}, ${l} half`)),
    thicknessMm: 2 * dims.semiAxisApMm,
    lengthMm: dims.lengthMm,
    targets: { head: mid, neck: mid, chest: mid, abdomen: mid, pelvis: mid },
    dimensionsMm: { ...dims },
    mapLayout: 'rows head end (top) to foot end; columns from the anterior midline toward the patient left, posterior midline in the centre',
  };
}
