module.exports = { ...require('../../jest.preset.cjs'), displayName: 'orchestrator-store', rootDir: __dirname };
