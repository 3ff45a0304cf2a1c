// The whole suite: every project's own jest config.
const { readdirSync, existsSync } = require('node:fs');
const path = require('node:path');
const projects = ['packages', 'apps', 'tools']
  .flatMap((dir) => (existsSync(path.join(__dirname, dir)) ? readdirSync(path.join(__dirname, dir)).map((p) => `${dir}/${p}`) : []))
  .filter((p) => existsSync(path.join(__dirname, p, 'jest.config.cjs')))
  .map((p) => `<rootDir>/${p}/jest.config.cjs`);
module.exports = { projects, maxWorkers: 2 };
