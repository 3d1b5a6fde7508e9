#!/usr/bin/env node
'use strict';
// The `kerma` command. Runs the compiled CLI (dist/, from `npm run build`) when it is up to date with the
// sources: start-up is then plain Node. Otherwise (a developer editing sources, or no build yet) it compiles
// the TypeScript sources on the fly with swc, which costs most of a second per run.
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const compiledMain = path.join(root, 'dist', 'libs', 'cli', 'src', 'main.js');
const buildInfo = path.join(root, 'dist', '.tsbuildinfo');

/** Newest modification time among the sources the build compiles (a few hundred stats, a few ms). */
function newestSourceMs(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMs(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function buildIsCurrent() {
  if (process.env.KERMA_CLI_FROM_SOURCE === '1' || !fs.existsSync(compiledMain) || !fs.existsSync(buildInfo)) return false;
  const builtMs = fs.statSync(buildInfo).mtimeMs;
  for (const group of ['libs', 'services']) {
    if (!fs.existsSync(path.join(root, group))) continue; // an image ships dist/ only
    for (const project of fs.readdirSync(path.join(root, group))) {
      const src = path.join(root, group, project, 'src');
      if (fs.existsSync(src) && newestSourceMs(src) > builtMs) return false;
    }
  }
  return true;
}

function loadCli() {
  if (buildIsCurrent()) return require(compiledMain);
  process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(root, 'tsconfig.base.json');
  require('@swc-node/register');
  return require('../libs/cli/src/main.ts');
}

loadCli()
  .main(process.argv)
  .catch((err) => {
    process.stderr.write(`kerma: ${err && err.message ? err.message : err}\n`);
    process.exitCode = 1;
  });
