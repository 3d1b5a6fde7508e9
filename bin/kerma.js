#!/usr/bin/env node
'use strict';
// The `kerma` command. Runs the compiled CLI (dist/, from `npm run build`) when it is up to date with the
// sources: start-up is then plain Node. Otherwise (a developer editing sources, or no build yet) it compiles
// the TypeScript sources on the fly with swc, which costs most of a second per run.
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const compiledMain = path.join(root, 'dist', 'libs', 'cli', 'src', 'main.js');
// Written by the build after compiling: the sources the CLI can load and their directories (tools/write-cli-sources.js).
const sourceList = path.join(root, 'dist', '.cli-sources.json');

/** Modification time in ms, or Infinity when the path is gone (a deleted source makes the build stale too). */
function mtimeMs(relative) {
  const stat = fs.statSync(root + path.sep + relative, { throwIfNoEntry: false }); // no path.join: its normalising cost more than the stat
  return stat ? stat.mtimeMs : Infinity;
}

/**
 * The build is current when no listed source or directory changed after it was written. A directory's time
 * moves when a file in it is added, removed or replaced by a rename (how many editors save), so new sources are
 * seen without reading any directory; one stat per path, a few ms.
 */
function buildIsCurrent() {
  if (process.env.KERMA_CLI_FROM_SOURCE === '1' || !fs.existsSync(compiledMain)) return false;
  const built = fs.statSync(sourceList, { throwIfNoEntry: false });
  if (!built) return false;
  if (!fs.existsSync(path.join(root, 'libs'))) return true; // an image ships dist/ only
  const { dirs, files } = JSON.parse(fs.readFileSync(sourceList, 'utf8'));
  for (const listed of [dirs, files]) for (const relative of listed) if (mtimeMs(relative) > built.mtimeMs) return false;
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
