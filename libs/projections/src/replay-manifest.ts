import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredPosition } from './position';

/** The file beside a replay's models that says what they are (`hitos audit replay` writes it). */
export const REPLAY_MANIFEST_FILE = 'replay.json';

/** The manifest's format, its first member. */
export const REPLAY_MANIFEST_FORMAT = 'hitos-replay/1';
const FORMAT = REPLAY_MANIFEST_FORMAT;

/**
 * A directory of read models replayed to a prefix of `$all`: up to which moment, where the
 * history ends, and each model's file and position. Written last, so a directory that has one
 * holds a whole replay.
 */
export interface ReplayManifest {
  format: typeof FORMAT;
  /** The moment asked (`--until`), as given, with the instant or the position it stands for. */
  until: { asked: string; instant: string | null; position: string | null };
  /**
   * The instant the replay stands at, which is "now" for whoever serves it: the instant asked,
   * or, for a position, when the last event up to it was recorded.
   */
  at: string;
  /** The last event of `$all` in the history replayed (any stream); null when it had none. */
  end: StoredPosition | null;
  /** The last hitos event replayed; null when there was none. */
  lastEvent: { position: string; recordedAt: string; streamId: string; type: string } | null;
  /** Events of `$all` read, system events included. */
  events: number;
  /** Each model: its name, version, file (in the directory) and position. */
  models: { name: string; version: number; file: string; position: string | null }[];
}

export function writeReplayManifest(directory: string, manifest: ReplayManifest): void {
  writeFileSync(join(directory, REPLAY_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, {
    mode: 0o600,
  });
}

/** The replay a directory holds; an Error saying why when it holds none (or a broken one). */
export function readReplayManifest(directory: string): ReplayManifest {
  const file = join(directory, REPLAY_MANIFEST_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${file} is missing: ${directory} is not a finished replay`);
    }
    throw error;
  }
  let manifest: Partial<ReplayManifest>;
  try {
    manifest = JSON.parse(text) as Partial<ReplayManifest>;
  } catch (error) {
    throw new Error(`${file} is not JSON: ${(error as Error).message}`);
  }
  if (
    manifest.format !== FORMAT ||
    typeof manifest.at !== 'string' ||
    !Number.isFinite(Date.parse(manifest.at)) ||
    !Array.isArray(manifest.models) ||
    manifest.until === undefined ||
    manifest.end === undefined
  ) {
    throw new Error(`${file} is not a ${FORMAT} manifest`);
  }
  return manifest as ReplayManifest;
}
