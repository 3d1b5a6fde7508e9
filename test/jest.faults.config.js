// Fault tests (`test/faults/*.fault.spec.ts`): the deployed services and the single-process mode under
// kill -9, a broker outage and a consumer rebalance, each file on a broker of its own (kafka.sh) and the
// PostgreSQL server of the global setup. Long: run with `npm run test:faults`, not part of `npm test`.
const path = require('path');
const preset = require('../jest.preset.js');

module.exports = {
  displayName: 'faults',
  rootDir: path.resolve(__dirname, '..'),
  roots: ['<rootDir>/test/faults'],
  testEnvironment: preset.testEnvironment,
  transform: preset.transform,
  moduleFileExtensions: preset.moduleFileExtensions,
  moduleNameMapper: preset.moduleNameMapper,
  testMatch: ['**/*.fault.spec.ts'],
  globalSetup: '<rootDir>/test/faults/setup/faults-global-setup.ts',
  globalTeardown: '<rootDir>/test/faults/setup/faults-global-teardown.ts',
  testTimeout: 600000,
  maxWorkers: 1,
};
