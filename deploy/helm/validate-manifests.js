#!/usr/bin/env node
// Validates rendered chart manifests (YAML on stdin) before any cluster sees them:
//  1. every object against the Kubernetes JSON schema of its apiVersion/kind (kubernetes-models; an unknown kind is
//     an error, except the CRDs listed in CUSTOM_RESOURCES, which get structural checks of their own);
//  2. the chart's own promises: hardened, probed pods, and a PodDisruptionBudget and a NetworkPolicy for each
//     Deployment when the manifests contain any;
//  3. KEDA references: each ScaledObject's authenticationRef names a TriggerAuthentication of the release (or one
//     given as an argument: existing in the cluster), whose Secret keys exist with values KEDA accepts.
// Prints one line per kind checked; exits 1 naming the object and the field path of the first problems.
'use strict';

const fs = require('node:fs');
const yaml = require('js-yaml');

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function modelModule(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : [null, apiVersion];
  return group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
}

function loadModel(apiVersion, kind) {
  try {
    return require(modelModule(apiVersion, kind))[kind];
  } catch (err) {
    if (err.code === 'MODULE_NOT_FOUND' || err.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return undefined;
    throw err;
  }
}

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v) => Number.isInteger(v);

function checkScaledObject(spec, problems) {
  if (!isObject(spec)) return problems.push('spec: must be an object');
  if (!isObject(spec.scaleTargetRef) || typeof spec.scaleTargetRef.name !== 'string') problems.push('spec.scaleTargetRef.name: must be a string');
  for (const field of ['minReplicaCount', 'maxReplicaCount', 'pollingInterval', 'cooldownPeriod']) {
    if (spec[field] !== undefined && !(isInt(spec[field]) && spec[field] >= 0)) problems.push(`spec.${field}: must be a non-negative integer`);
  }
  if (spec.minReplicaCount > spec.maxReplicaCount) problems.push('spec.minReplicaCount: exceeds maxReplicaCount');
  if (!Array.isArray(spec.triggers) || spec.triggers.length === 0) return problems.push('spec.triggers: must be a non-empty array');
  spec.triggers.forEach((trigger, i) => {
    if (typeof trigger.type !== 'string') problems.push(`spec.triggers.${i}.type: must be a string`);
    if (!isObject(trigger.metadata)) return problems.push(`spec.triggers.${i}.metadata: must be an object`);
    for (const [key, value] of Object.entries(trigger.metadata)) {
      if (typeof value !== 'string') problems.push(`spec.triggers.${i}.metadata.${key}: must be a string (KEDA reads strings)`);
    }
    if (trigger.authenticationRef !== undefined && !(isObject(trigger.authenticationRef) && typeof trigger.authenticationRef.name === 'string'))
      problems.push(`spec.triggers.${i}.authenticationRef.name: must be a string`);
    if (trigger.type === 'kafka') {
      for (const key of ['bootstrapServers', 'consumerGroup', 'topic', 'lagThreshold']) {
        if (!trigger.metadata[key]) problems.push(`spec.triggers.${i}.metadata.${key}: required by the kafka scaler`);
      }
    }
  });
}

// Authentication parameters KEDA's Kafka scaler reads from a TriggerAuthentication, and the values its modes take.
const KAFKA_AUTH_PARAMETERS = new Set(['sasl', 'username', 'password', 'tls', 'ca', 'cert', 'key', 'keyPassword']);
const KAFKA_SASL_MODES = new Set(['plaintext', 'scram_sha256', 'scram_sha512']);

function checkTriggerAuthentication(spec, problems) {
  if (!isObject(spec)) return problems.push('spec: must be an object');
  if (!Array.isArray(spec.secretTargetRef) || spec.secretTargetRef.length === 0) return problems.push('spec.secretTargetRef: must be a non-empty array');
  const seen = new Set();
  spec.secretTargetRef.forEach((ref, i) => {
    for (const field of ['parameter', 'name', 'key']) {
      if (typeof ref[field] !== 'string' || ref[field] === '') problems.push(`spec.secretTargetRef.${i}.${field}: must be a non-empty string`);
    }
    if (!KAFKA_AUTH_PARAMETERS.has(ref.parameter))
      problems.push(`spec.secretTargetRef.${i}.parameter: ${JSON.stringify(ref.parameter)} is not a Kafka scaler parameter`);
    if (seen.has(ref.parameter)) problems.push(`spec.secretTargetRef.${i}.parameter: ${ref.parameter} given twice`);
    seen.add(ref.parameter);
    if (typeof ref.name === 'string' && !DNS_SUBDOMAIN.test(ref.name)) problems.push(`spec.secretTargetRef.${i}.name: not a valid Secret name`);
  });
  if (seen.has('sasl') && !(seen.has('username') && seen.has('password'))) problems.push('spec.secretTargetRef: sasl needs username and password');
  if ((seen.has('cert') || seen.has('key')) && !(seen.has('cert') && seen.has('key'))) problems.push('spec.secretTargetRef: cert and key go together');
  if ((seen.has('ca') || seen.has('cert')) && !seen.has('tls')) problems.push('spec.secretTargetRef: ca or cert without tls');
}

/**
 * Across objects: a ScaledObject's authenticationRef names a TriggerAuthentication of the release (unless it names one
 * the values say exists), and each secretTargetRef into a Secret of the release finds its key with a valid value.
 */
function kedaReferenceProblems(docs, external) {
  const problems = [];
  const auths = new Map(docs.filter((d) => d.kind === 'TriggerAuthentication').map((d) => [d.metadata.name, d]));
  const secrets = new Map(docs.filter((d) => d.kind === 'Secret').map((d) => [d.metadata.name, { ...(d.stringData || {}), ...decoded(d.data) }]));
  for (const scaled of docs.filter((d) => d.kind === 'ScaledObject')) {
    for (const trigger of scaled.spec.triggers) {
      const ref = trigger.authenticationRef;
      if (!ref) continue;
      if (!auths.has(ref.name) && !external.has(ref.name))
        problems.push(`ScaledObject ${scaled.metadata.name}: authenticationRef ${ref.name} is not a TriggerAuthentication of the release`);
    }
  }
  for (const [name, auth] of auths) {
    for (const ref of auth.spec.secretTargetRef) {
      const secret = secrets.get(ref.name);
      if (!secret) continue; // an existing Secret of the cluster
      const value = secret[ref.key];
      if (value === undefined) problems.push(`TriggerAuthentication ${name}: Secret ${ref.name} has no key ${ref.key}`);
      else if (ref.parameter === 'sasl' && !KAFKA_SASL_MODES.has(value))
        problems.push(`TriggerAuthentication ${name}: sasl mode ${JSON.stringify(value)} unknown to KEDA`);
      else if (ref.parameter === 'tls' && value !== 'enable') problems.push(`TriggerAuthentication ${name}: tls must be "enable"`);
    }
  }
  return problems;
}

function decoded(data) {
  return Object.fromEntries(Object.entries(data || {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
}

const DURATION = /^[0-9]+(ms|s|m|h)$/;

function checkServiceMonitor(spec, problems) {
  if (!isObject(spec)) return problems.push('spec: must be an object');
  if (!isObject(spec.selector)) problems.push('spec.selector: must be an object');
  if (!Array.isArray(spec.endpoints) || spec.endpoints.length === 0) return problems.push('spec.endpoints: must be a non-empty array');
  spec.endpoints.forEach((endpoint, i) => {
    if (typeof endpoint.port !== 'string') problems.push(`spec.endpoints.${i}.port: must be a port name`);
    for (const field of ['interval', 'scrapeTimeout']) {
      if (endpoint[field] !== undefined && !DURATION.test(endpoint[field])) problems.push(`spec.endpoints.${i}.${field}: must be a duration like 30s`);
    }
  });
}

// Custom resources the chart may render: checked structurally, since kubernetes-models knows only built-in kinds.
const CUSTOM_RESOURCES = {
  'keda.sh/v1alpha1/ScaledObject': checkScaledObject,
  'keda.sh/v1alpha1/TriggerAuthentication': checkTriggerAuthentication,
  'monitoring.coreos.com/v1/ServiceMonitor': checkServiceMonitor,
};

function schemaProblems(doc) {
  const problems = [];
  const custom = CUSTOM_RESOURCES[`${doc.apiVersion}/${doc.kind}`];
  if (custom) {
    custom(doc.spec, problems);
  } else {
    const Model = loadModel(doc.apiVersion, doc.kind);
    if (!Model) return [`unknown kind ${doc.apiVersion}/${doc.kind} (not in kubernetes-models, not a whitelisted custom resource)`];
    try {
      new Model(doc).validate();
    } catch (err) {
      problems.push(err.message);
    }
  }
  const name = doc.metadata && doc.metadata.name;
  const namePattern = doc.kind === 'Service' ? DNS_LABEL : DNS_SUBDOMAIN;
  if (typeof name !== 'string' || name.length > (doc.kind === 'Service' ? 63 : 253) || !namePattern.test(name)) {
    problems.push(`metadata.name: ${JSON.stringify(name)} is not a valid ${doc.kind} name`);
  }
  return problems;
}

function podProblems(deployment) {
  const problems = [];
  const pod = deployment.spec.template.spec;
  if (!pod.securityContext || pod.securityContext.runAsNonRoot !== true) problems.push('pod securityContext.runAsNonRoot: must be true');
  for (const container of pod.containers) {
    const at = `container ${container.name}`;
    const sc = container.securityContext || {};
    if (sc.readOnlyRootFilesystem !== true) problems.push(`${at}: readOnlyRootFilesystem must be true`);
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${at}: allowPrivilegeEscalation must be false`);
    if (!(sc.capabilities && (sc.capabilities.drop || []).includes('ALL'))) problems.push(`${at}: capabilities must drop ALL`);
    const seccomp = (sc.seccompProfile || pod.securityContext.seccompProfile || {}).type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') problems.push(`${at}: seccompProfile must be RuntimeDefault (or Localhost)`);
    if (!(container.resources && container.resources.requests)) problems.push(`${at}: resource requests required`);
    if (!container.livenessProbe || container.livenessProbe.httpGet.path !== '/health') problems.push(`${at}: liveness probe on /health required`);
    if (!container.readinessProbe || container.readinessProbe.httpGet.path !== '/health/ready')
      problems.push(`${at}: readiness probe on /health/ready required`);
    const mounts = new Set((container.volumeMounts || []).map((m) => m.mountPath));
    if (!mounts.has('/tmp')) problems.push(`${at}: /tmp must be a writable volume (the root filesystem is read-only)`);
  }
  return problems;
}

const selects = (selector, labels) => Object.entries(selector.matchLabels || {}).every(([k, v]) => labels[k] === v);

// Each Deployment's pods must be covered by a PodDisruptionBudget and a NetworkPolicy when the release has any.
function coverageProblems(docs) {
  const problems = [];
  const pdbs = docs.filter((d) => d.kind === 'PodDisruptionBudget');
  const policies = docs.filter((d) => d.kind === 'NetworkPolicy');
  for (const deployment of docs.filter((d) => d.kind === 'Deployment')) {
    const labels = deployment.spec.template.metadata.labels;
    if (pdbs.length && !pdbs.some((p) => selects(p.spec.selector, labels)))
      problems.push(`Deployment ${deployment.metadata.name}: no PodDisruptionBudget selects it`);
    if (policies.length && !policies.some((p) => selects(p.spec.podSelector, labels)))
      problems.push(`Deployment ${deployment.metadata.name}: no NetworkPolicy selects it`);
  }
  return problems;
}

// TriggerAuthentications the values name as existing in the cluster (kafka.kedaTriggerAuthentication), as arguments.
const externalTriggerAuthentications = new Set(process.argv.slice(2));

function main() {
  const docs = yaml.loadAll(fs.readFileSync(0, 'utf8')).filter((d) => d !== null && d !== undefined);
  if (docs.length === 0) throw new Error('no manifests on stdin');
  const failures = [];
  const kinds = new Map();
  for (const doc of docs) {
    const id = `${doc.apiVersion}/${doc.kind} ${doc.metadata && doc.metadata.name}`;
    const problems = schemaProblems(doc);
    if (doc.kind === 'Deployment' && problems.length === 0) problems.push(...podProblems(doc));
    for (const problem of problems) failures.push(`${id}: ${problem}`);
    kinds.set(`${doc.apiVersion}/${doc.kind}`, (kinds.get(`${doc.apiVersion}/${doc.kind}`) || 0) + 1);
  }
  if (failures.length === 0) failures.push(...coverageProblems(docs), ...kedaReferenceProblems(docs, externalTriggerAuthentications));
  if (failures.length) {
    for (const failure of failures) console.error(`invalid: ${failure}`);
    process.exit(1);
  }
  console.log(`valid: ${[...kinds].map(([kind, n]) => `${n} ${kind}`).join(', ')}`);
}

main();
