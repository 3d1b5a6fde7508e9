import { checkCellSize, PhantomCellWriter, type Phantom } from './phantom';

export interface PlaneDimensions {
  readonly lengthMm: number;
  readonly widthMm: number;
}

/** PySkinDose's default film plane: 120 × 40 cm. */
export const DEFAULT_PLANE: PlaneDimensions = { lengthMm: 1200, widthMm: 400 };

/**
 * A flat sheet (radiochromic film) lying on the mattress under the patient, for comparisons with film.
 * Exposed from both sides; no self-shielding.
 */
export function buildPlanePhantom(cellSizeMm: number, dims: PlaneDimensions = DEFAULT_PLANE): Phantom {
  checkCellSize(cellSizeMm);
  const rows = Math.round(dims.lengthMm / cellSizeMm);
  const cols = Math.round(dims.widthMm / cellSizeMm);
  const dy = dims.lengthMm / rows;
  const dx = dims.widthMm / cols;
  const w = new PhantomCellWriter();
  for (let r = 0; r < rows; r++) {
    const y = -(r + 0.5) * dy;
    w.beginRow(y);
    for (let c = 0; c < cols; c++) {
      // Columns run from the patient's right to left as seen from above with the head at the top.
      w.add(-dims.widthMm / 2 + (c + 0.5) * dx, y, 0, 0, 0, -1, dx * dy, c, 0);
    }
  }
  const cells = w.finish();
  const mid = { x: 0, y: -dims.lengthMm / 2, z: 100 };
  return {
    ...cells,
    kind: 'plane',
    description: `flat plane ${dims.lengthMm / 10} × ${dims.widthMm / 10} cm on the mattress (film), ${cellSizeMm} mm cells`,
    cellSizeMm,
    twoSided: true,
    mapWidth: cols,
    regionNames: ['film plane'],
    thicknessMm: 0,
    lengthMm: dims.lengthMm,
    targets: { head: mid, neck: mid, chest: mid, abdomen: mid, pelvis: mid },
    dimensionsMm: { lengthMm: dims.lengthMm, widthMm: dims.widthMm },
    mapLayout: 'rows head (top) to feet; columns patient right (left edge) to patient left, seen from above',
  };
}
