module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'ingest',
  rootDir: __dirname,
  testPathIgnorePatterns: ['/node_modules/', '\\.int\\.spec\\.ts$'],
};
