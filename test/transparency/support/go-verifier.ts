/**
 * Go's own verifier of a transparency log (go-verifier/main.go: sumdb/note for signed
 * checkpoints, sumdb/tlog for leaves and proofs), built offline from Debian's packages by
 * scripts/go-verifier.sh. An independent implementation: our proofs are checked by code that
 * is not ours.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

export interface GoReport {
  ok: boolean;
  checkpoints: { origin: string; size: number; root: string; signedBy: string[] }[];
  checked: Record<string, number>;
  failures: { check: string; error: string }[];
}

export interface GoInput {
  verifierKeys: string[];
  checkpoints: string[];
  leaves?: { index: number; data: string; hash: string }[];
  inclusion?: {
    leafIndex: number;
    treeSize: number;
    leaf?: string;
    leafHash?: string;
    proof: string[];
  }[];
  consistency?: {
    from: number;
    to: number;
    rootFrom: string;
    rootTo: string;
    proof: string[];
  }[];
}

function runVerifier(
  verifierBinary: string,
  input: GoInput,
): { status: number | null; report: GoReport } {
  const run = spawnSync(verifierBinary, [], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status === 2 || run.error) {
    throw new Error(`go-verifier could not run: ${run.error?.message ?? run.stderr}`);
  }
  return { status: run.status, report: JSON.parse(run.stdout) as GoReport };
}

export type GoVerify = (input: GoInput) => { status: number | null; report: GoReport };

/** Builds (or finds in its cache) the Go verifier; installs Go's Debian packages if missing. */
export function buildGoVerifier(): GoVerify {
  const build = spawnSync('bash', ['scripts/go-verifier.sh'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (build.status !== 0) {
    throw new Error(`could not build the Go verifier: ${build.stderr || build.error?.message}`);
  }
  const binary = build.stdout.trim().split('\n').pop()!;
  return (input) => runVerifier(binary, input);
}
