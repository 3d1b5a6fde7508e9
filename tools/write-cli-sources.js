#!/usr/bin/env node
'use strict';
// After `tsc -p tsconfig.build.json`: lists the sources the `kerma` command can load (the built libraries'
// sources; services never run in the CLI) in dist/.cli-sources.json, with their directories. bin/kerma.js then
// tells whether the build is current with one stat per listed path instead of walking the source tree (the
// walk's directory reads were most of the CLI's own start-up). The file's mtime is the time of the build.
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
const dirs = [];
const files = [];

function list(dir) {
  dirs.push(path.relative(root, dir));
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) list(full);
    else if (entry.name.endsWith('.ts') && fs.existsSync(path.join(dist, path.relative(root, full)).replace(/\.ts$/, '.js'))) {
      files.push(path.relative(root, full));
    }
  }
}

for (const project of fs.readdirSync(path.join(root, 'libs'))) {
  const src = path.join(root, 'libs', project, 'src');
  // Libraries without compiled output (test helpers) are not part of the build, so the CLI never loads them from it.
  if (fs.existsSync(src) && fs.existsSync(path.join(dist, 'libs', project, 'src'))) list(src);
}
fs.writeFileSync(path.join(dist, '.cli-sources.json'), `${JSON.stringify({ dirs, files })}\n`);
process.stdout.write(`dist: ${files.length} CLI sources in ${dirs.length} directories listed\n`);
