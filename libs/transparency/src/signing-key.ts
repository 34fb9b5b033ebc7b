import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSignerKey, parseSignerKey, type NoteSigner } from './note-key';

export const SIGNING_KEY_FILE = 'transparency-key';
/** The name of a development key, and so the origin of its log, when none is configured. */
export const DEVELOPMENT_ORIGIN = 'hitos.localhost/log';

/** The key that signs the log's checkpoints, and the origin they name. */
export interface LogIdentity {
  signer: NoteSigner;
  origin: string;
}

/**
 * The configured signer key, or the development key of this data directory, created on first
 * use (readable by the owner only) so that checkpoints stay verifiable with one key across
 * restarts. The origin defaults to the key's name.
 */
export function resolveLogIdentity(
  configured: { key?: string; origin?: string },
  dataDir: string,
): LogIdentity {
  const signerKey = configured.key ?? developmentKey(dataDir, configured.origin);
  const signer = parseSignerKey(signerKey);
  return { signer, origin: configured.origin ?? signer.name };
}

function developmentKey(dataDir: string, origin: string | undefined): string {
  const file = join(dataDir, SIGNING_KEY_FILE);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const { signerKey } = generateSignerKey(origin ?? DEVELOPMENT_ORIGIN);
  try {
    writeFileSync(file, `${signerKey}\n`, { mode: 0o600, flag: 'wx' });
    return signerKey;
  } catch (error) {
    // Another process (the API and the CLI at once) wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return readFileSync(file, 'utf8').trim();
    throw error;
  }
}
