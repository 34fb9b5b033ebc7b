import type { Database } from 'better-sqlite3';
import type { ActionPlanState, InstitutionState, OrganizationState } from '@hitos/domain';
import { prepared } from '@hitos/projections';
import type { RegistryKind, RegistryRow } from './registry.projection';

interface KindStates {
  plan: ActionPlanState;
  institution: InstitutionState;
  organization: OrganizationState;
}

/** One registered plan, institution or organization: its folded state and its revision. */
export interface RegistryEntry<K extends RegistryKind> {
  state: KindStates[K];
  revision: bigint;
}

const entryOf = <K extends RegistryKind>(row: RegistryRow): RegistryEntry<K> => ({
  state: JSON.parse(row.state_json) as KindStates[K],
  revision: BigInt(row.revision),
});

/** Every one of a kind, in the order they were registered. */
export function registryList<K extends RegistryKind>(db: Database, kind: K): RegistryEntry<K>[] {
  const rows = prepared(db, `SELECT * FROM registry_entry WHERE kind = ? ORDER BY rowid`).all(
    kind,
  ) as RegistryRow[];
  return rows.map((row) => entryOf<K>(row));
}

/** The revision of one of a kind, without reading its state; null when none is registered. */
export function registryRevision(db: Database, kind: RegistryKind, id: string): bigint | null {
  const row = prepared(db, `SELECT revision FROM registry_entry WHERE kind = ? AND id = ?`).get(
    kind,
    id,
  ) as { revision: number } | undefined;
  return row ? BigInt(row.revision) : null;
}

/** One of a kind, or null when none is registered under that id. */
export function registryEntry<K extends RegistryKind>(
  db: Database,
  kind: K,
  id: string,
): RegistryEntry<K> | null {
  const row = prepared(db, `SELECT * FROM registry_entry WHERE kind = ? AND id = ?`).get(
    kind,
    id,
  ) as RegistryRow | undefined;
  return row ? entryOf<K>(row) : null;
}
