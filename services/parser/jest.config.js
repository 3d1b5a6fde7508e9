module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'parser',
  rootDir: __dirname,
  testPathIgnorePatterns: ['/node_modules/', '\\.int\\.spec\\.ts$'],
};
