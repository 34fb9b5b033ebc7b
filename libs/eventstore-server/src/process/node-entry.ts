import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** How to start one of this repository's modules as the main module of a new Node process. */
export interface NodeEntry {
  modulePath: string;
  /** Node options to put before the module path. */
  execArgv: string[];
  /** Variables to add to the child's environment. */
  env: Record<string, string>;
}

/**
 * Run from source (a `.ts` path, as under ts-node or jest), the child needs ts-node and the
 * tsconfig path aliases, found from the repository's tsconfig.json whatever the child's cwd;
 * run from compiled output (`.js`) it needs nothing.
 */
export function nodeEntry(modulePath: string): NodeEntry {
  if (!modulePath.endsWith('.ts')) return { modulePath, execArgv: [], env: {} };
  const tsconfig = findUp(dirname(modulePath), 'tsconfig.json');
  return {
    modulePath,
    execArgv: [
      '-r',
      require.resolve('ts-node/register/transpile-only'),
      '-r',
      require.resolve('tsconfig-paths/register'),
    ],
    env: tsconfig ? { TS_NODE_PROJECT: tsconfig } : {},
  };
}

function findUp(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
