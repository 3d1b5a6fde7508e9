// Maps the tsconfig `paths` aliases (@kerma/*) to source files for jest.
const fs = require('fs');
const path = require('path');

function pathsToModuleNameMapper(tsconfigPath) {
  const { compilerOptions } = JSON.parse(fs.readFileSync(tsconfigPath, 'utf8'));
  const root = path.dirname(tsconfigPath);
  const mapper = {};
  for (const [alias, targets] of Object.entries(compilerOptions.paths)) {
    mapper[`^${alias.replace(/[/.]/g, '\\$&')}$`] = path.join(root, targets[0]);
  }
  return mapper;
}

module.exports = { pathsToModuleNameMapper };
