// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/**
 * The house's floors, as import restrictions. ESLint keeps one `no-restricted-imports` setting
 * per file (a later block replaces an earlier one), so each block below lists every floor that
 * applies to its files.
 */
const floors = {
  // One door to the event store: the EventStore port of @hitos/event-store. The official
  // client, and the library's re-export of it, are for libs/event-store itself and for the
  // suites and benchmarks that test the server through the client.
  client: {
    paths: [
      {
        name: '@eventstore/db-client',
        message:
          'Use the EventStore port of @hitos/event-store; only libs/event-store, test/ and bench/ may import the client.',
      },
    ],
    patterns: [
      {
        group: ['@hitos/event-store/esdb-client', '**/esdb-client'],
        message:
          'Use the EventStore port of @hitos/event-store; only libs/event-store, test/ and bench/ may reach the raw client.',
      },
    ],
  },
  // Production code never leans on the test library.
  testing: {
    group: ['@hitos/testing', '@hitos/testing/*'],
    message: 'Production code may not import the test library.',
  },
  // No app imports another: what two apps share lives in a library.
  otherApps: {
    group: ['**/apps/**', '**/api/src/**', '**/cli/src/**', '**/eventstore/src/**'],
    message: 'One app may not import another; move what both need into a library under libs/.',
  },
  // The projection engine is generic: it knows nothing of hitos's events or read models.
  hitosInEngine: {
    group: ['@hitos/domain', '@hitos/domain/*', '@hitos/read-models', '@hitos/read-models/*'],
    message: 'The projection engine is generic; hitos read models live in libs/read-models.',
  },
};

const restrict = (...patterns) => [
  'error',
  { paths: floors.client.paths, patterns: [...floors.client.patterns, ...patterns] },
];

const SPECS_AND_SUPPORT = ['**/*.spec.ts', '**/testing/**', 'libs/testing/**'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'libs/*/dist/**',
      'data/**',
      'coverage/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  // …except the command's launcher (package.json "bin"): plain CommonJS for Node.
  { ignores: ['!bin/*.js'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    // Type-aware: a promise nobody awaits (a lost error, an unordered write) is a bug here.
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-restricted-imports': restrict(floors.testing),
    },
  },
  {
    files: ['apps/**'],
    ignores: SPECS_AND_SUPPORT,
    rules: { 'no-restricted-imports': restrict(floors.testing, floors.otherApps) },
  },
  {
    files: ['libs/projections/**'],
    ignores: SPECS_AND_SUPPORT,
    rules: { 'no-restricted-imports': restrict(floors.testing, floors.hitosInEngine) },
  },
  {
    files: SPECS_AND_SUPPORT,
    rules: { 'no-restricted-imports': restrict() },
  },
  {
    files: ['libs/event-store/**', 'test/**', 'bench/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['bin/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'commonjs',
      globals: { require: 'readonly', process: 'readonly', __dirname: 'readonly' },
    },
    rules: {
      ...tseslint.configs.disableTypeChecked.rules,
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
);
