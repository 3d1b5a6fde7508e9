/**
 * A skin phantom: cells on a surface, each with a centre, an outward unit normal and an area, plus
 * the cell's place in the unrolled 2-D map.
 *
 * Patient frame (mm): x toward the patient's left, y toward the head (the top of the phantom is y = 0,
 * the body extends to negative y), z anterior; the posterior surface that lies on the mattress is z = 0.
 * Cells are stored row by row, row 0 at the head end, so a band of y is a contiguous range of cells.
 */
export type PhantomKind = 'plane' | 'cylinder' | 'human';

export interface Vec3 {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

export interface Phantom {
  readonly kind: PhantomKind;
  readonly description: string;
  readonly cellSizeMm: number;
  readonly cellCount: number;
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly z: Float32Array;
  readonly nx: Float32Array;
  readonly ny: Float32Array;
  readonly nz: Float32Array;
  readonly areaMm2: Float32Array;
  /** A flat film is exposed from either side; a body only on the side facing the source. */
  readonly twoSided: boolean;
  readonly mapWidth: number;
  readonly mapHeight: number;
  readonly cellColumn: Uint16Array;
  readonly cellRow: Uint16Array;
  /** First cell of each map row; rowStart[mapHeight] = cellCount. */
  readonly rowStart: Int32Array;
  /** y of each row's cells (all cells of a row share one y). */
  readonly rowY: Float64Array;
  readonly region: Uint8Array;
  readonly regionNames: readonly string[];
  /** Largest anterior–posterior thickness, used to lay a prone patient on the mattress. */
  readonly thicknessMm: number;
  readonly lengthMm: number;
  /** Default isocenter targets in the patient frame, by body part. */
  readonly targets: Readonly<Record<BodyTarget, Vec3>>;
  readonly dimensionsMm: Readonly<Record<string, number>>;
  /** How to read the unrolled map's columns. */
  readonly mapLayout: string;
}

export type BodyTarget = 'head' | 'neck' | 'chest' | 'abdomen' | 'pelvis';

/**
 * Incremental writer used by the phantom builders; rows must be added head end first. One flat array
 * per attribute (not one small array per cell) keeps building a 10,000-cell phantom to about a
 * millisecond, which matters because every new patient height and mass is a new phantom.
 */
export class PhantomCellWriter {
  private readonly columns = {
    x: [] as number[],
    y: [] as number[],
    z: [] as number[],
    nx: [] as number[],
    ny: [] as number[],
    nz: [] as number[],
    areaMm2: [] as number[],
  };
  private readonly cellColumns: number[] = [];
  private readonly cellRows: number[] = [];
  private readonly regions: number[] = [];
  private readonly rowStarts: number[] = [];
  private readonly rowYs: number[] = [];

  beginRow(yMm: number): void {
    this.rowStarts.push(this.regions.length);
    this.rowYs.push(yMm);
  }

  add(x: number, y: number, z: number, nx: number, ny: number, nz: number, areaMm2: number, column: number, region: number): void {
    const c = this.columns;
    c.x.push(x);
    c.y.push(y);
    c.z.push(z);
    c.nx.push(nx);
    c.ny.push(ny);
    c.nz.push(nz);
    c.areaMm2.push(areaMm2);
    this.cellColumns.push(column);
    this.cellRows.push(this.rowStarts.length - 1);
    this.regions.push(region);
  }

  finish(): Pick<
    Phantom,
    'cellCount' | 'x' | 'y' | 'z' | 'nx' | 'ny' | 'nz' | 'areaMm2' | 'cellColumn' | 'cellRow' | 'rowStart' | 'rowY' | 'region' | 'mapHeight'
  > {
    const n = this.regions.length;
    const c = this.columns;
    return {
      cellCount: n,
      x: new Float32Array(c.x),
      y: new Float32Array(c.y),
      z: new Float32Array(c.z),
      nx: new Float32Array(c.nx),
      ny: new Float32Array(c.ny),
      nz: new Float32Array(c.nz),
      areaMm2: new Float32Array(c.areaMm2),
      cellColumn: new Uint16Array(this.cellColumns),
      cellRow: new Uint16Array(this.cellRows),
      region: new Uint8Array(this.regions),
      rowStart: new Int32Array([...this.rowStarts, n]),
      rowY: new Float64Array(this.rowYs),
      mapHeight: this.rowStarts.length,
    };
  }
}

export class InvalidPhantomError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPhantomError';
  }
}

/** Maps are 1 cm or finer; the uncertainty sampling alone traces on 2 cm cells (engine/uncertainty.ts). */
export function checkCellSize(cellSizeMm: number): void {
  if (!(cellSizeMm > 0 && cellSizeMm <= 20)) {
    throw new InvalidPhantomError(`cell size must be in (0, 20] mm, got ${cellSizeMm}`);
  }
}
