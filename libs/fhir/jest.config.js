module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'fhir',
  rootDir: __dirname,
  testPathIgnorePatterns: ['/node_modules/', '\\.int\\.spec\\.ts$'],
};
