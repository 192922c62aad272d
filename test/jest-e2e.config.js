// End-to-end tests: real services on real Kafka, MongoDB-wire database and Redis.
// The stack comes up once (global setup) and every suite shares it.
const base = require('../jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  rootDir: '..',
  roots: ['<rootDir>/test'],
  testRegex: '.*\\.e2e-spec\\.ts$',
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testSequencer: '<rootDir>/test/setup/sequencer.js',
  testTimeout: 300_000,
};
