// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
      // One door to the event store: the EventStore port of @hitos/event-store. The official
      // client, and the library's re-export of it, are for libs/event-store itself and for
      // the suites and benchmarks that test the server through the client.
      'no-restricted-imports': [
        'error',
        {
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
      ],
    },
  },
  {
    files: ['libs/event-store/**', 'test/**', 'bench/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
