module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'all-in-one',
  rootDir: __dirname,
  testPathIgnorePatterns: ['/node_modules/', '\\.int\\.spec\\.ts$'],
};
