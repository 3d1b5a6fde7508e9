#!/usr/bin/env node
// `npm run lint [-- --fix] [paths…]`: computes the Nx project graph, then runs ESLint on the repository (or the
// given paths). @nx/enforce-module-boundaries reads the cached graph and would silently skip itself without one.
const { createProjectGraphAsync, readCachedProjectGraph } = require('@nx/devkit');
const { ESLint } = require('eslint');

async function main() {
  const args = process.argv.slice(2);
  const fix = args.includes('--fix');
  const paths = args.filter((a) => a !== '--fix');
  await createProjectGraphAsync({ exitOnError: true });
  readCachedProjectGraph(); // throws if the boundary rule could not read it
  const eslint = new ESLint({ cwd: process.cwd(), fix, errorOnUnmatchedPattern: true });
  const results = await eslint.lintFiles(paths.length ? paths : ['.']);
  if (fix) await ESLint.outputFixes(results);
  const formatter = await eslint.loadFormatter('stylish');
  const output = await formatter.format(results);
  if (output) console.log(output);
  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  console.log(`lint: ${results.length} files, ${errors} errors, ${warnings} warnings`);
  process.exitCode = errors > 0 ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 2;
});
