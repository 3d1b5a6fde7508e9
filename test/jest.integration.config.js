// Integration suites (`*.int.spec.ts`) of every project, run serially against one broker and one database
// server that the global setup provides (see test/setup/integration-infra.ts).
const path = require('path');
const preset = require('../jest.preset.js');

module.exports = {
  displayName: 'integration',
  rootDir: path.resolve(__dirname, '..'),
  roots: ['<rootDir>/libs', '<rootDir>/services', '<rootDir>/test'],
  testEnvironment: preset.testEnvironment,
  transform: preset.transform,
  moduleFileExtensions: preset.moduleFileExtensions,
  moduleNameMapper: preset.moduleNameMapper,
  testMatch: ['**/*.int.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  globalSetup: '<rootDir>/test/setup/integration-global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/integration-global-teardown.ts',
  testTimeout: 120000,
  maxWorkers: 1,
};
