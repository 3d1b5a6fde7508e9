import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { parseDoseReport, type Procedure } from '@kerma/rdsr';
import { generateRdsr, procedureSpec, type ProcedureSpecOptions } from '@kerma/testing';
import type { SkinDoseOptions, SkinDoseResult } from '../../src/engine/types';

/**
 * Generated procedures whose results were recorded from the engine before its speed work, so that any
 * later change to the hot path is checked against the dose it used to give, cell by cell. They cover
 * the three phantoms, both cell sizes, biplane, rotational runs, non-HFS positions and every vendor
 * flavour that has geometry.
 */
export interface RegressionCase {
  readonly name: string;
  readonly spec: Partial<ProcedureSpecOptions>;
  readonly options: SkinDoseOptions;
}

export const REGRESSION_CASES: readonly RegressionCase[] = [
  {
    name: 'standard, 1,000 events, 4 rotational runs',
    spec: { seed: 7, vendor: 'standard', events: 1000, rotationalRuns: 4, tableTravelMm: 400 },
    options: { phantom: 'human', cellSizeMm: 10 },
  },
  {
    name: 'siemens, 1,000 events, 4 rotational runs',
    spec: { seed: 7, vendor: 'siemens', events: 1000, rotationalRuns: 4, tableTravelMm: 400 },
    options: { phantom: 'human', cellSizeMm: 10 },
  },
  {
    name: 'standard biplane, 1,000 events',
    spec: { seed: 11, vendor: 'standard', events: 1000, biplane: true, rotationalRuns: 2 },
    options: { phantom: 'human', cellSizeMm: 10 },
  },
  { name: 'siemens on the cylinder', spec: { seed: 5, vendor: 'siemens', events: 300, rotationalRuns: 2 }, options: { phantom: 'cylinder' } },
  { name: 'allura on the two-sided plane', spec: { seed: 9, vendor: 'philips-allura', events: 200, steppingRuns: 2 }, options: { phantom: 'plane' } },
  {
    name: 'azurion prone, 7 mm cells, heavy body',
    spec: { seed: 13, vendor: 'philips-azurion', events: 200, rotationalRuns: 1, biplane: true },
    options: { phantom: 'human', cellSizeMm: 7, patientPosition: 'HFP', patientHeightM: 1.62, patientMassKg: 96 },
  },
  {
    name: 'canon feet first, table transmission option',
    spec: { seed: 17, vendor: 'canon', events: 150 },
    options: { patientPosition: 'FFS', tableTransmission: 0.8 },
  },
];

export function regressionProcedure(c: RegressionCase): Procedure {
  const out = parseDoseReport(generateRdsr(procedureSpec(c.spec)));
  if (!out.ok) throw new Error(`${c.name}: ${out.error.message}`);
  return out.procedure;
}

/** What is compared: the scalar results and the whole map (float32 little-endian, deflated, base64). */
export interface RecordedResult {
  readonly name: string;
  readonly psdGy: number;
  readonly planePsdGy: Readonly<Record<string, number>>;
  readonly dapShareOnPhantom: number | null;
  readonly areaAtOrAboveCm2: SkinDoseResult['areaAtOrAboveCm2'];
  readonly psdLocation: SkinDoseResult['psdLocation'];
  readonly map: { readonly widthCells: number; readonly heightCells: number; readonly doseGyFloat32DeflatedBase64: string } | null;
}

export function recordResult(name: string, r: SkinDoseResult): RecordedResult {
  const map = r.doseMap;
  return {
    name,
    psdGy: r.psdGy,
    planePsdGy: Object.fromEntries(r.planes.map((p) => [p.plane, p.psdGy])),
    dapShareOnPhantom: r.dapShareOnPhantom,
    areaAtOrAboveCm2: r.areaAtOrAboveCm2,
    psdLocation: r.psdLocation,
    map: map && {
      widthCells: map.widthCells,
      heightCells: map.heightCells,
      doseGyFloat32DeflatedBase64: deflateRawSync(Buffer.from(map.doseGy.buffer, map.doseGy.byteOffset, map.doseGy.byteLength), { level: 9 }).toString(
        'base64',
      ),
    },
  };
}

export function decodeMap(base64: string): Float32Array {
  const bytes = inflateRawSync(Buffer.from(base64, 'base64'));
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
