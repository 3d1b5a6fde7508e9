#!/usr/bin/env node
// For deploy/helm/check.sh: one line per KEDA kafka trigger (ScaledObject → its authenticationRef) and per
// TriggerAuthentication (parameter=Secret/key, with the value when the release renders that Secret), so the
// check compares what KEDA would read with what the values promise.
'use strict';

const fs = require('node:fs');
const yaml = require('js-yaml');

const docs = yaml.loadAll(fs.readFileSync(0, 'utf8')).filter(Boolean);
const secrets = new Map(docs.filter((d) => d.kind === 'Secret').map((d) => [d.metadata.name, d.stringData || {}]));
const lines = [];
for (const scaled of docs.filter((d) => d.kind === 'ScaledObject')) {
  for (const trigger of scaled.spec.triggers.filter((t) => t.type === 'kafka')) {
    lines.push(`ScaledObject ${scaled.metadata.name} kafka -> ${trigger.authenticationRef ? trigger.authenticationRef.name : '(none)'}`);
  }
}
for (const auth of docs.filter((d) => d.kind === 'TriggerAuthentication')) {
  const refs = auth.spec.secretTargetRef.map((ref) => {
    const rendered = secrets.get(ref.name);
    return `${ref.parameter}=${ref.name}/${ref.key}${rendered ? `(${rendered[ref.key]})` : ''}`;
  });
  lines.push(`TriggerAuthentication ${auth.metadata.name}: ${refs.join(' ')}`);
}
process.stdout.write(`${lines.join('\n')}\n`);
