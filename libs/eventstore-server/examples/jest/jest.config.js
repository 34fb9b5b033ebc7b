/**
 * One event store for the whole jest run: started by globalSetup, its connection string in
 * process.env.EVENTSTORE_CONNECTION_STRING for every test file, stopped by globalTeardown.
 *
 * In your project, with the package installed, the two hooks are:
 *   globalSetup: '@hitos/eventstore-server/testing/jest-global-setup',
 *   globalTeardown: '@hitos/eventstore-server/testing/jest-global-teardown',
 * Here, inside the repository, they are the TypeScript sources.
 *
 *   npx jest --config libs/eventstore-server/examples/jest/jest.config.js
 */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.spec.ts'], // *.spec.ts: left out of the repository's build
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  globalSetup: '<rootDir>/../../src/testing/jest-global-setup.ts',
  globalTeardown: '<rootDir>/../../src/testing/jest-global-teardown.ts',
};
