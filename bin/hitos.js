#!/usr/bin/env node
/**
 * The `hitos` command (package.json "bin"): `npx hitos --help` right after `npm ci`.
 *
 * In a checkout (apps/cli/src present) it runs the TypeScript sources through ts-node, as
 * `npm start` does, so it is never older than the code beside it. Where only the compiled build
 * is (`npm run build` output, without the sources), or with HITOS_CLI_COMPILED=1, it runs
 * dist/apps/cli/src/main.js.
 */
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const source = join(root, 'apps', 'cli', 'src', 'main.ts');
const compiled = join(root, 'dist', 'apps', 'cli', 'src', 'main.js');

const wantsCompiled = /^(1|true|yes|on)$/i.test(process.env.HITOS_CLI_COMPILED || '');
if ((wantsCompiled || !existsSync(source)) && existsSync(compiled)) {
  require(compiled).main();
} else if (existsSync(source)) {
  // Path aliases and compiler options from the repository's tsconfig, whatever the cwd.
  process.env.TS_NODE_PROJECT = process.env.TS_NODE_PROJECT || join(root, 'tsconfig.json');
  require('ts-node/register/transpile-only');
  require('tsconfig-paths/register');
  require(source).main();
} else {
  process.stderr.write(
    'hitos: no se encuentra la CLI (ni apps/cli/src ni dist/apps/cli): ejecute npm run build / ' +
      'the CLI is missing (neither apps/cli/src nor dist/apps/cli): run npm run build\n',
  );
  process.exit(2);
}
