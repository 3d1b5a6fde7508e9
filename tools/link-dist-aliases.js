#!/usr/bin/env node
'use strict';
// After `tsc -p tsconfig.build.json`: makes the @kerma/* aliases of tsconfig.base.json resolvable by plain
// Node inside dist/, by writing dist/node_modules/@kerma/<name>/index.js forwarding to the compiled entry.
// Node finds them by walking up from any compiled file, so production runs need no runtime hook.
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));

let linked = 0;
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  const compiled = path.join(dist, target.replace(/\.ts$/, '.js'));
  if (!fs.existsSync(compiled)) continue; // test-only libraries are not built
  const dir = path.join(dist, 'node_modules', alias);
  fs.mkdirSync(dir, { recursive: true });
  const relative = path.relative(dir, compiled).split(path.sep).join('/');
  fs.writeFileSync(path.join(dir, 'index.js'), `'use strict';\nmodule.exports = require('${relative}');\n`);
  linked++;
}
process.stdout.write(`dist: ${linked} @kerma aliases linked\n`);
