#!/usr/bin/env node
'use strict';
// Runs the TypeScript sources directly (swc), resolving the @kerma/* aliases of tsconfig.base.json.
const path = require('path');
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(__dirname, '..', 'tsconfig.base.json');
require('@swc-node/register');
require('../libs/cli/src/main.ts')
  .main(process.argv)
  .catch((err) => {
    process.stderr.write(`kerma: ${err && err.message ? err.message : err}\n`);
    process.exitCode = 1;
  });
