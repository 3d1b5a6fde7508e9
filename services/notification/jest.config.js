module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'notification',
  rootDir: __dirname,
  testPathIgnorePatterns: ['/node_modules/', '\\.int\\.spec\\.ts$'],
};
