const path = require('node:path');
// The api project also runs the tests of its companions in tools/: the lint rule that guards its
// handlers (RuleTester) and the token tool.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'api',
  rootDir: __dirname,
  roots: ['<rootDir>', path.join(__dirname, '../../tools/eslint-rules'), path.join(__dirname, '../../tools/token')],
};
