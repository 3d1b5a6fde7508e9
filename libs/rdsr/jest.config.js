module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'rdsr',
  rootDir: __dirname,
  testPathIgnorePatterns: ['/node_modules/', '\\.int\\.spec\\.ts$'],
};
