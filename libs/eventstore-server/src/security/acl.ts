import type { EventLog } from '../storage/event-log';
import { ADMINS_GROUP } from './users';

/**
 * EventStoreDB's stream ACLs as its default ("acl") authorization policy applies them
 * (LegacyStreamPermissionAssertion, StorageMessage.EffectiveAcl, SystemSettings):
 *
 * - a `$$stream` is read and written as the metadata of `stream` (`$mr`, `$mw`);
 * - members of `$admins` may do anything; anyone else needs one of the roles the stream's own
 *   `$acl` gives for the action, else the one in `$settings` (`$userStreamAcl` or
 *   `$systemStreamAcl`), else the default: everyone (`$all`) on user streams, `$admins` on
 *   system streams (names starting with `$`, `$all` included);
 * - a role matches the user's login name or one of its groups; `$all` matches every
 *   authenticated user; anonymous callers get no stream access at all (24.10's default,
 *   AllowAnonymousStreamAccess=false);
 * - `$all` can be neither written nor deleted.
 */
export type StreamOperation = 'read' | 'write' | 'delete';
type AclAction = 'read' | 'write' | 'delete' | 'metadataRead' | 'metadataWrite';

export interface Principal {
  login: string;
  groups: readonly string[];
}

export const ALL_ROLE = '$all';
export const ALL_STREAM = '$all';
export const SETTINGS_STREAM = '$settings';

const KEYS: Record<AclAction, string> = {
  read: '$r',
  write: '$w',
  delete: '$d',
  metadataRead: '$mr',
  metadataWrite: '$mw',
};

/** SystemSettings.Default. */
const DEFAULT_USER_ROLES = [ALL_ROLE];
const DEFAULT_SYSTEM_ROLES = [ADMINS_GROUP];

export function mayAccess(
  log: EventLog,
  principal: Principal | undefined,
  operation: StreamOperation,
  stream: string,
): boolean {
  if (!principal) return false;
  const target = stream === '' ? ALL_STREAM : stream;
  if (target === ALL_STREAM && operation !== 'read') return false;
  let action: AclAction = operation;
  let original = target;
  if (target.startsWith('$$')) {
    if (operation === 'delete') return false;
    action = operation === 'read' ? 'metadataRead' : 'metadataWrite';
    original = target.slice(2);
  }
  if (principal.groups.includes(ADMINS_GROUP)) return true;
  const roles = rolesFor(log, action, original);
  return roles.some(
    (role) => role === ALL_ROLE || role === principal.login || principal.groups.includes(role),
  );
}

function rolesFor(log: EventLog, action: AclAction, stream: string): string[] {
  const key = KEYS[action];
  const own = rolesIn(log.metadataOf(stream, true)?.raw.$acl, key);
  if (own) return own;
  const system = stream.startsWith('$');
  const settings = settingsOf(log);
  const configured = rolesIn(settings?.[system ? '$systemStreamAcl' : '$userStreamAcl'], key);
  return configured ?? (system ? DEFAULT_SYSTEM_ROLES : DEFAULT_USER_ROLES);
}

/** The roles an `$acl` object gives for one key: a string or an array of strings. */
function rolesIn(acl: unknown, key: string): string[] | undefined {
  if (!acl || typeof acl !== 'object' || Array.isArray(acl)) return undefined;
  const value = (acl as Record<string, unknown>)[key];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return undefined;
}

/** The last durable `$settings` event, when it is a JSON object. */
function settingsOf(log: EventLog): Record<string, unknown> | undefined {
  const last = log.readableState(SETTINGS_STREAM).last;
  if (last < 0) return undefined;
  const event = log.eventAt(SETTINGS_STREAM, last);
  if (!event) return undefined;
  try {
    const doc: unknown = JSON.parse(event.data.toString('utf8'));
    return doc && typeof doc === 'object' && !Array.isArray(doc)
      ? (doc as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
