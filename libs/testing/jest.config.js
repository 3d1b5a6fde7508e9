module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'testing',
  rootDir: __dirname,
  // messages/ is a project of its own (@kerma/testing/messages), with its own jest config.
  testPathIgnorePatterns: ['/node_modules/', '\\.int\\.spec\\.ts$', '<rootDir>/messages/'],
};
