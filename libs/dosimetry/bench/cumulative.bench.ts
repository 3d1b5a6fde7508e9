/**
 * Cumulative skin dose benchmark (not a test): a patient's N study maps added on one phantom, with and
 * without resampling (studies on other bodies and cell sizes), plus the gzip decoding a stored map
 * needs. Run from the repository root: node tools/run-ts.js libs/dosimetry/bench/cumulative.bench.ts
 */
import { accumulateStudyMaps, bodySurface, decodeDoseGrid, encodeDoseGrid, type MapSurface, type StudySkinDose } from '../src';

const RUNS = 10;

/** A map with a 15 × 15-cell field of 1 Gy on the back of the trunk. */
function study(i: number, surface: MapSurface): StudySkinDose {
  const p = bodySurface(surface).phantom;
  const grid = new Float32Array(p.mapWidth * p.mapHeight).fill(NaN);
  for (let c = 0; c < p.cellCount; c++) grid[p.cellRow[c] * p.mapWidth + p.cellColumn[c]] = 0;
  const r0 = Math.floor(p.mapHeight * 0.45);
  const c0 = Math.floor(p.mapWidth / 2) - 7;
  for (let r = r0; r < r0 + 15; r++) for (let c = c0; c < c0 + 15; c++) grid[r * p.mapWidth + c] = 1;
  return {
    studyInstanceUid: `1.${i}`,
    studyTime: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`,
    psdGy: 1,
    expandedRelativeK2: 0.35,
    map: { surface, doseGy: grid },
    reportedHeightM: 1.75,
    reportedMassKg: 80,
  };
}

function time(label: string, studies: StudySkinDose[]): void {
  accumulateStudyMaps(studies);
  const ms: number[] = [];
  let peak = 0;
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    peak = accumulateStudyMaps(studies).cumulativePsdGy!;
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label.padEnd(58)} median ${ms[RUNS >> 1].toFixed(1)} ms  [fastest ${ms[0].toFixed(1)}]  cumulative PSD ${peak.toFixed(3)} Gy`);
}

const same: MapSurface = { kind: 'human', cellSizeMm: 10, heightM: 1.75, massKg: 80 };
const other: MapSurface = { kind: 'human', cellSizeMm: 10, heightM: 1.786, massKg: 73.2 };
const fine: MapSurface = { kind: 'human', cellSizeMm: 5, heightM: 1.75, massKg: 80 };
for (const n of [2, 10, 30]) {
  time(
    `${n} studies, same phantom (copied)`,
    Array.from({ length: n }, (_, i) => study(i, same)),
  );
  time(
    `${n} studies, half on another body (resampled)`,
    Array.from({ length: n }, (_, i) => study(i, i % 2 ? other : same)),
  );
  time(
    `${n} studies, 10 mm and 5 mm cells (onto 5 mm)`,
    Array.from({ length: n }, (_, i) => study(i, i % 2 ? fine : same)),
  );
}
const grid = study(0, same).map!.doseGy;
const packed = encodeDoseGrid(grid);
const t0 = process.hrtime.bigint();
for (let r = 0; r < 100; r++) decodeDoseGrid(packed, grid.length);
console.log(`decode one stored 10 mm map (${packed.length} B gzip): ${(Number(process.hrtime.bigint() - t0) / 1e6 / 100).toFixed(3)} ms`);
