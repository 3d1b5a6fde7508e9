// ESLint (flat config). Its main job is the architecture: which project may import which (Nx project tags in each
// project.json), so that physics and parsing stay pure and services talk only over Kafka. Beyond that, a few rules
// that catch real bugs (unused code, promises nobody awaits); formatting is Prettier's (npm run format:check).
// Run with `npm run lint` (tools/lint.js computes the Nx project graph the boundary rule reads).
const nx = require('@nx/eslint-plugin');
const tseslint = require('typescript-eslint');

// Frameworks and infrastructure clients: never in the pure libraries, whose code must run anywhere (a CLI, a
// test, a browser) and stay testable without a broker or a database.
const FRAMEWORK_PACKAGES = [
  '@nestjs/*',
  'typeorm',
  'kafkajs',
  'express',
  'pg',
  'better-sqlite3',
  'nodemailer',
  'prom-client',
  'jose',
  '@opentelemetry/*',
  'dcmjs-dimse',
  'testcontainers',
  'supertest',
  'oidc-provider',
  'smtp-server',
];

// Production code: who may depend on whom. Test code (specs, test/, bench/, scripts/) may in addition use the
// testing library and, for benchmarks, the single-process composition.
function depConstraints({ testCode }) {
  const testing = testCode ? ['type:testing'] : [];
  return [
    {
      sourceTag: 'type:lib-pure',
      onlyDependOnLibsWithTags: ['type:lib-pure', ...testing],
      bannedExternalImports: FRAMEWORK_PACKAGES,
    },
    { sourceTag: 'type:lib-platform', onlyDependOnLibsWithTags: ['type:lib-pure', 'type:lib-platform', ...testing] },
    // A service never imports another service: they share only contracts, over Kafka.
    {
      sourceTag: 'type:service',
      onlyDependOnLibsWithTags: ['type:lib-pure', 'type:lib-platform', ...testing, ...(testCode ? ['type:app'] : [])],
    },
    { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib-pure', 'type:lib-platform', 'type:testing'] },
    {
      sourceTag: 'type:app',
      onlyDependOnLibsWithTags: ['type:service', 'type:lib-pure', 'type:lib-platform', ...testing, ...(testCode ? ['type:app'] : [])],
    },
    // Cross-service tests (test/) drive the whole system.
    { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['*'] },
  ];
}

// Services and the single-process app are Nx applications, which the rule forbids importing; only the
// composition root (all-in-one) and the cross-service tests may, and they are listed here explicitly.
const SERVICES = ['@kerma/ingest', '@kerma/parser', '@kerma/skin-dose', '@kerma/history', '@kerma/notification'];

const TEST_FILES = ['**/*.spec.ts', '**/test/**/*.ts', '**/bench/**/*.ts', '**/scripts/**/*.ts'];

const boundaries = (testCode, allow = []) => [
  'error',
  {
    allow,
    enforceBuildableLibDependency: false,
    // The CLI loads heavy libraries lazily (start-up time) and imports them statically in the modules it loads lazily.
    checkDynamicDependenciesExceptions: ['@kerma/*'],
    depConstraints: depConstraints({ testCode }),
  },
];

module.exports = tseslint.config(
  { ignores: ['**/node_modules/**', 'dist/**', 'coverage/**', 'tmp/**', '.nx/**', 'deploy/**', 'docs/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: __dirname },
    },
    plugins: { '@nx': nx, '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@nx/enforce-module-boundaries': boundaries(false),
      '@typescript-eslint/no-unused-vars': [
        'error',
        { args: 'after-used', argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // A promise nobody awaits loses its error (an unhandled rejection) and its ordering; `void` marks the intent.
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: TEST_FILES,
    rules: { '@nx/enforce-module-boundaries': boundaries(true) },
  },
  {
    files: ['services/all-in-one/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(false, SERVICES) },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(true, [...SERVICES, '@kerma/all-in-one']) },
  },
);
