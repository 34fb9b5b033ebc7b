#!/usr/bin/env node
/**
 * The package's command: `npx eventstore-server --port 2113 --data ./data` (or `--memory`).
 * `--help` lists the flags, in English and Spanish.
 *
 * From compiled output (dist/cli/main.js beside this folder) when there is one; otherwise,
 * in a checkout, the TypeScript sources through ts-node, as `npm run eventstore` does.
 */
'use strict';
const { existsSync } = require('node:fs');
const { dirname, join } = require('node:path');

const root = join(__dirname, '..');
const compiled = join(root, 'dist', 'cli', 'main.js');
const source = join(root, 'src', 'cli', 'main.ts');

function findUp(from, name) {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, name))) return join(dir, name);
    if (dirname(dir) === dir) return undefined;
  }
}

let cli;
if (existsSync(compiled)) {
  cli = require(compiled);
} else if (existsSync(source)) {
  const tsconfig = findUp(root, 'tsconfig.json');
  if (tsconfig) process.env.TS_NODE_PROJECT = process.env.TS_NODE_PROJECT || tsconfig;
  // The TypeScript beside this checkout, not whichever one the working directory has.
  process.env.TS_NODE_COMPILER = process.env.TS_NODE_COMPILER || require.resolve('typescript');
  require('ts-node/register/transpile-only');
  cli = require(source);
} else {
  process.stderr.write(
    'eventstore-server: the CLI is missing (neither dist/cli nor src/cli) / ' +
      'falta la CLI (ni dist/cli ni src/cli)\n',
  );
  process.exit(1);
}
cli.exitWith(cli.runEventStoreCli());
