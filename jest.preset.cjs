// Shared jest settings. NestJS 12, inversify 8 and some of their dependencies ship ES modules
// only; jest runs CommonJS, so @swc/jest converts both our TypeScript and those packages.
const esmOnly = [
  '@nestjs', 'inversify', '@inversifyjs', '@electric-sql', 'jose', 'uuid', 'file-type', 'strtok3',
  'token-types', 'peek-readable', 'uint8array-extras', '@tokenizer', 'load-esm', 'dataloader',
  '@whatwg-node', '@apollo', '@as-integrations', 'rate-limiter-flexible', 'graphql-ws', 'chalk',
  '@borewit', 'ansis',
];
const path = require('node:path');
module.exports = {
  testEnvironment: 'node',
  testEnvironmentOptions: { customExportConditions: ['@intelgraph/source', 'node', 'require', 'default'] },
  transform: {
    '^.+\\.(t|j|mj|cj)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          experimental: { keepImportAttributes: false },
        },
        module: { type: 'commonjs', ignoreDynamic: false },
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testMatch: ['**/?(*.)+(spec|int-spec).ts'],
  globalSetup: path.join(__dirname, 'tools/test/global-setup.ts'),
  globalTeardown: path.join(__dirname, 'tools/test/global-teardown.ts'),
  testTimeout: 60000,
};
