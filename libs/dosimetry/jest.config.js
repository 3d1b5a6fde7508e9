module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'dosimetry',
  rootDir: __dirname,
  testPathIgnorePatterns: ['/node_modules/', '\\.int\\.spec\\.ts$'],
};
