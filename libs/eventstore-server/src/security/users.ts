import type { EventLog } from '../storage/event-log';
import { isSoftDeleted } from '../storage/stored-event';
import { hashPassword, verifyPassword, type PasswordHash } from './password-hash';

/** The two users a new EventStoreDB node creates, with their groups and default password. */
export const ADMIN = 'admin';
export const OPS = 'ops';
export const ADMINS_GROUP = '$admins';
export const OPS_GROUP = '$ops';
export const DEFAULT_PASSWORD = 'changeit';

export const USER_CREATED = '$UserCreated';
export const USER_UPDATED = '$UserUpdated';

export const userStreamOf = (login: string): string => `$user-${login}`;

/**
 * A user as EventStoreDB stores it (Data/UserData.cs): the last event of `$user-<login>` holds
 * it as JSON, camel-cased and indented by Newtonsoft, `disabled` left out while false.
 */
export interface UserData extends PasswordHash {
  loginName: string;
  fullName: string;
  groups: string[];
  disabled?: boolean;
}

export function newUserData(
  loginName: string,
  fullName: string,
  groups: string[],
  password: string,
): UserData {
  return { loginName, fullName, groups, ...hashPassword(password) };
}

/** Newtonsoft's `Formatting.Indented` output is JSON.stringify's with two spaces. */
export function userDataJson(user: UserData): Buffer {
  const { loginName, fullName, groups, hash, salt, disabled } = user;
  return Buffer.from(
    JSON.stringify(
      { loginName, fullName, groups, hash, salt, ...(disabled ? { disabled: true } : {}) },
      null,
      2,
    ),
  );
}

export function parseUserData(data: Buffer): UserData | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(data.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!raw || typeof raw !== 'object') return undefined;
  const doc = raw as Record<string, unknown>;
  if (typeof doc.loginName !== 'string' || typeof doc.hash !== 'string') return undefined;
  if (typeof doc.salt !== 'string') return undefined;
  return {
    loginName: doc.loginName,
    fullName: typeof doc.fullName === 'string' ? doc.fullName : '',
    groups: Array.isArray(doc.groups) ? doc.groups.filter((g) => typeof g === 'string') : [],
    hash: doc.hash,
    salt: doc.salt,
    disabled: doc.disabled === true,
  };
}

/** The user as the store holds it now (the last durable event of its stream), with its position. */
export function readUser(
  log: EventLog,
  login: string,
): { user: UserData; position: number } | undefined {
  const stream = userStreamOf(login);
  const state = log.readableState(stream);
  if (state.tomb || state.last < 0 || isSoftDeleted(log.metadataOf(stream, true))) return undefined;
  const event = log.eventAt(stream, state.last);
  if (!event || (event.type !== USER_CREATED && event.type !== USER_UPDATED)) return undefined;
  const user = parseUserData(event.data);
  return user && { user, position: event.position };
}

export { verifyPassword };
