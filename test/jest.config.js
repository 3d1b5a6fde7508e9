// Cross-service tests that need no external server (single-process mode). The deployed-mode
// end-to-end test (*.int.spec.ts) runs with the integration tests against Kafka and PostgreSQL.
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['**/*.e2e.spec.ts'],
  testTimeout: 120000,
};
