/**
 * Unit and integration specs live beside the code; end-to-end suites under test/.
 *
 * Two projects, one suite: `npm test` runs both. `eventstore-server` is the embedded store's own
 * conformance suite (the package in libs/eventstore-server, hitos's launcher of it in
 * apps/eventstore, and the suites under test/eventstore-server that drive it through the official
 * clients); `hitos` is everything else. CI runs each as a job of its own (`.ci/run`), and
 * `npm run test:eventstore-server` runs the store's alone.
 */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

const STORE_SUITE = ['/libs/eventstore-server/', '/apps/eventstore/', '/test/eventstore-server/'];

const shared = {
  testEnvironment: 'node',
  rootDir: '.',
  testRegex: '.*\\.(unit|int)\\.spec\\.ts$|.*\\.e2e-spec\\.ts$',
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { diagnostics: false }],
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
};

module.exports = {
  // Options of the whole run (jest reads these only here, not per project).
  maxWorkers: 2,
  testTimeout: 60000,
  projects: [
    {
      ...shared,
      displayName: 'hitos',
      roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
      testPathIgnorePatterns: ['/node_modules/', ...STORE_SUITE],
    },
    {
      ...shared,
      displayName: 'eventstore-server',
      roots: [
        '<rootDir>/libs/eventstore-server',
        '<rootDir>/apps/eventstore',
        '<rootDir>/test/eventstore-server',
      ],
    },
  ],
};
