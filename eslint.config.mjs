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
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@eventstore/db-client',
              message:
                'Only libs/event-store (and the protocol tests and benchmarks) may import the client.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/event-store/**', 'libs/eventstore-server/**/*.spec.ts', 'test/**', 'bench/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
