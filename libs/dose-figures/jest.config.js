module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'dose-figures',
  rootDir: __dirname,
  testPathIgnorePatterns: ['/node_modules/', '\\.int\\.spec\\.ts$'],
};
