// One event store for the whole vitest run (vitest is not a dependency of this repository):
//   npm install --no-save vitest@3 && npx vitest run --config libs/eventstore-server/examples/vitest/vitest.config.mjs
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['**/*.test.mjs'],
    globalSetup: ['./global-setup.mjs'],
  },
});
