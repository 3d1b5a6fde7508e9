module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'skin-dose',
  rootDir: __dirname,
  testPathIgnorePatterns: ['/node_modules/', '\\.int\\.spec\\.ts$'],
};
