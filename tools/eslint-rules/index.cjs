// Workspace lint rules. @nx/eslint-plugin loads this directory's index (and exposes each rule as
// `@nx/workspace-<name>`); eslint.config.mjs registers them as the local plugin `intelgraph`.
'use strict';
module.exports = { rules: { 'require-policy-decorator': require('./require-policy-decorator.cjs') } };
