module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'history',
  rootDir: __dirname,
  testPathIgnorePatterns: ['/node_modules/', '\\.int\\.spec\\.ts$'],
};
