import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database, { type Database as SqliteDatabase } from 'better-sqlite3';
import { defaultProjectionsDirectory, projectionFile } from '@hitos/projections';
import { parseSignerKey } from './note-key';
import { SIGNING_KEY_FILE } from './signing-key';
import { transparencyLogProjection } from './transparency-log.projection';

/**
 * The transparency log's database in a hitos data directory, opened read-only (for a verifier
 * run beside a stopped API, or on a copy); null when the log was never built there.
 */
export function openLogDatabase(dataDir: string): SqliteDatabase | null {
  const file = projectionFile(defaultProjectionsDirectory(dataDir), transparencyLogProjection.name);
  if (!existsSync(file)) return null;
  return new Database(file, { readonly: true, fileMustExist: true });
}

/**
 * The verifier key of the log a data directory signs with: that of the configured signer key
 * (`HITOS_TRANSPARENCY_KEY`), or of the development key kept in the directory. Null when there
 * is neither; unlike the API it never creates a key. An auditor who holds the published
 * verifier key should pass that instead: a key read from the data directory proves only that
 * the history matches whoever holds that directory.
 */
export function logVerifierKey(configured: { key?: string }, dataDir: string): string | null {
  if (configured.key) return parseSignerKey(configured.key).verifierKey;
  const file = join(dataDir, SIGNING_KEY_FILE);
  if (!existsSync(file)) return null;
  return parseSignerKey(readFileSync(file, 'utf8').trim()).verifierKey;
}
