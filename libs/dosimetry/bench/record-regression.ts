/**
 * Records the regression results (test/regression/recorded-results.json) that
 * regression.spec.ts compares the engine against. Re-record only for an intended change of the
 * physics (and bump ALGORITHM_VERSION), never to make a speed change pass. From the repository root:
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register libs/dosimetry/bench/record-regression.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { computeSkinDose, ALGORITHM_VERSION } from '../src';
import { REGRESSION_CASES, recordResult, regressionProcedure } from '../test/regression/cases';

const results = REGRESSION_CASES.map((c) => recordResult(c.name, computeSkinDose(regressionProcedure(c), c.options)));
const out = path.resolve(__dirname, '../test/regression/recorded-results.json');
writeFileSync(out, JSON.stringify({ algorithmVersion: ALGORITHM_VERSION, results }, null, 1) + '\n');
for (const r of results) console.log(`${r.name.padEnd(45)} PSD ${(r.psdGy * 1000).toFixed(3)} mGy`);
console.log(`written ${out}`);
