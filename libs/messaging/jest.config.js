module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'messaging',
  rootDir: __dirname,
  testPathIgnorePatterns: ['/node_modules/', '\\.int\\.spec\\.ts$'],
};
