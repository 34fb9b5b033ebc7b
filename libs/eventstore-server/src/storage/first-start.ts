import { randomUUID } from 'node:crypto';
import {
  ADMIN,
  ADMINS_GROUP,
  DEFAULT_PASSWORD,
  OPS,
  OPS_GROUP,
  USER_CREATED,
  USER_UPDATED,
  newUserData,
  readUser,
  userDataJson,
  userStreamOf,
  verifyPassword,
  type UserData,
} from '../security/users';
import { hashPassword } from '../security/password-hash';
import type { EventLog } from './event-log';
import { metastreamOf, type ProposedEvent } from './stored-event';

/**
 * What a new EventStoreDB 24.10 node writes once it is leader, after its first `$epoch`
 * (UserManagementService.CreateAdminUser / CreateOperationsUser, TFChunkScavengerLogManager):
 *
 *   $$$user-admin  $metadata     {"$acl":{"$w":"$admins","$d":"$admins","$mw":"$admins"}}
 *   $$$user-ops    $metadata     the same
 *   $$$scavenges   $metadata     {"$maxAge":2592000,"$acl":{"$r":"$ops","$w":[],"$d":[],"$mr":[],"$mw":[]}}
 *   $user-admin    $UserCreated  UserData JSON (groups ["$admins"], PBKDF2 hash and salt)
 *   $user-ops      $UserCreated  UserData JSON (groups ["$ops"])
 *   $users         $User         "admin" (not JSON)
 *   $users         $User         "ops"
 *
 * EventStoreDB writes the three groups concurrently, so its interleaving varies from node to
 * node; this is the order of its steps (ACL, user, `$users`), one step of each user at a time.
 * Here all seven are written in one frame: a crash leaves all of them or none.
 */
export const SCAVENGES_STREAM = '$scavenges';
export const USERS_STREAM = '$users';
export const USERS_STREAM_TYPE = '$User';
/** ScavengeHistoryMaxAge: 30 days, in seconds. */
export const SCAVENGE_HISTORY_MAX_AGE = 30 * 24 * 60 * 60;

const USER_STREAM_ACL = { $acl: { $w: ADMINS_GROUP, $d: ADMINS_GROUP, $mw: ADMINS_GROUP } };
const SCAVENGES_METADATA = {
  $maxAge: SCAVENGE_HISTORY_MAX_AGE,
  $acl: { $r: OPS_GROUP, $w: [], $d: [], $mr: [], $mw: [] },
};

export interface DefaultPasswords {
  /** admin's password: the one a new user gets, and, when given, kept in step with the store. */
  adminPassword?: string;
  opsPassword?: string;
}

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const EMPTY = Buffer.alloc(0);
const event = (type: string, data: Buffer, isJson = true): ProposedEvent => ({
  id: randomUUID(),
  type,
  isJson,
  data,
  metadata: EMPTY,
});

/**
 * Writes the default users (and the scavenges' metadata) on a store that has no `$user-admin`
 * / `$user-ops` yet (a new store, or one made before hitos wrote them), as EventStoreDB does on
 * becoming leader. A password given in the configuration that the stored user does not have
 * replaces it with a `$UserUpdated` (EventStoreDB's own password reset), so the configured
 * password is the one that works. Resolves with how many events were written.
 */
export async function writeFirstStartEvents(
  log: EventLog,
  passwords: DefaultPasswords = {},
): Promise<number> {
  const admin = newUserData(
    ADMIN,
    'Event Store Administrator',
    [ADMINS_GROUP],
    passwords.adminPassword ?? DEFAULT_PASSWORD,
  );
  const ops = newUserData(
    OPS,
    'Event Store Operations',
    [OPS_GROUP],
    passwords.opsPassword ?? DEFAULT_PASSWORD,
  );
  const written = await log.writeTogether(() => {
    const missing = (login: string) => {
      const state = log.streamState(userStreamOf(login));
      return state.last < 0 && !state.tomb;
    };
    const users = [admin, ops].filter((u) => missing(u.loginName));
    const scavenges = needsScavengesMetadata(log);
    return [
      ...users.map((u) => ({
        stream: metastreamOf(userStreamOf(u.loginName)),
        event: event('$metadata', json(USER_STREAM_ACL)),
      })),
      ...(scavenges
        ? [
            {
              stream: metastreamOf(SCAVENGES_STREAM),
              event: event('$metadata', json(SCAVENGES_METADATA)),
            },
          ]
        : []),
      ...users.map((u) => ({
        stream: userStreamOf(u.loginName),
        event: event(USER_CREATED, userDataJson(u)),
      })),
      ...users.map((u) => ({
        stream: USERS_STREAM,
        event: event(USERS_STREAM_TYPE, Buffer.from(u.loginName), false),
      })),
    ];
  });
  return written + (await resetConfiguredPasswords(log, passwords));
}

/** The scavenges' metadata is rewritten when it lacks its max age or `$ops` reading it. */
function needsScavengesMetadata(log: EventLog): boolean {
  const metadata = log.metadataOf(SCAVENGES_STREAM);
  if (!metadata) return true;
  const acl = metadata.raw.$acl as Record<string, unknown> | undefined;
  const read = acl?.$r;
  const readers = Array.isArray(read) ? read : [read];
  return metadata.maxAge !== SCAVENGE_HISTORY_MAX_AGE || !readers.includes(OPS_GROUP);
}

async function resetConfiguredPasswords(
  log: EventLog,
  passwords: DefaultPasswords,
): Promise<number> {
  const configured: Array<[string, string | undefined]> = [
    [ADMIN, passwords.adminPassword],
    [OPS, passwords.opsPassword],
  ];
  const updates: Array<{ stream: string; event: ProposedEvent }> = [];
  for (const [login, password] of configured) {
    if (password === undefined) continue;
    const stored = readUser(log, login);
    if (!stored || verifyPassword(password, stored.user)) continue;
    const updated: UserData = { ...stored.user, ...hashPassword(password) };
    updates.push({
      stream: userStreamOf(login),
      event: event(USER_UPDATED, userDataJson(updated)),
    });
  }
  if (updates.length === 0) return 0;
  return log.writeTogether(() => updates);
}
