/** Writes docs/asyncapi.yaml from the contracts: `node tools/run-ts.js tools/generate-asyncapi.ts`. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { asyncApiDocument } from '@kerma/contracts';

const target = join(__dirname, '..', 'docs', 'asyncapi.yaml');
writeFileSync(
  target,
  `# Generated from libs/contracts by tools/generate-asyncapi.ts; a test keeps it identical.\n${dump(asyncApiDocument(), { lineWidth: 120, noRefs: true })}`,
);
console.log(`wrote ${target}`);
