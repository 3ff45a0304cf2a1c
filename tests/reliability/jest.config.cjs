module.exports = { ...require('../../jest.preset.cjs'), displayName: 'reliability', rootDir: __dirname, maxWorkers: 1, testTimeout: 300000 };
