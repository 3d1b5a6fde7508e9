#!/usr/bin/env node
'use strict';
// Runs a TypeScript entry point directly (swc, with decorator metadata), resolving the @kerma/*
// aliases of tsconfig.base.json: `node tools/run-ts.js services/ingest/src/main.ts`.
const path = require('path');
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(__dirname, '..', 'tsconfig.base.json');
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
require('@swc-node/register');
const entry = process.argv[2];
if (!entry) {
  process.stderr.write('usage: node tools/run-ts.js <entry.ts> [args…]\n');
  process.exit(64);
}
process.argv.splice(1, 1);
require(path.resolve(entry));
