import type { Database } from 'better-sqlite3';
import { prepared } from './projection';

/**
 * The `$all` commit position a read model reflects (its checkpoint), so a response can say
 * what it reflects and a client can wait for its own write. Null before any event.
 */
export function readModelPosition(db: Database): string | null {
  const row = prepared(db, `SELECT commit_position FROM _projection WHERE id = 1`).get() as
    { commit_position: string | null } | undefined;
  return row?.commit_position ?? null;
}
