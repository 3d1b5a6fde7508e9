module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'testing-messages',
  rootDir: __dirname,
};
