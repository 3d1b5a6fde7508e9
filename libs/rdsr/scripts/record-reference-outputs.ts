/**
 * Records the parse output of the reference flavours to test/equivalence/reference-outputs.json.
 * Run from the repository root, only when a change to the output is intended (and reviewed):
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register libs/rdsr/scripts/record-reference-outputs.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDoseReport } from '../src/parse-dose-report';
import { REFERENCE_FLAVOURS, asJson } from '../test/equivalence/reference-flavours';

const outputs = Object.fromEntries(REFERENCE_FLAVOURS.map((f) => [f.name, asJson(parseDoseReport(f.bytes()))]));
const file = path.resolve(__dirname, '../test/equivalence/reference-outputs.json');
writeFileSync(file, `${JSON.stringify(outputs, null, 1)}\n`);
process.stdout.write(`recorded ${REFERENCE_FLAVOURS.length} reference outputs to ${file}\n`);
