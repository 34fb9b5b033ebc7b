import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * EventStoreDB's password hash (Rfc2898PasswordHashAlgorithm): PBKDF2 with HMAC-SHA1, 1000
 * iterations, a 16-byte random salt and a 20-byte key, both kept in base64 in the user's
 * `$UserCreated` / `$UserUpdated` event. Kept as EventStoreDB has it so that a user record
 * written here verifies there and the other way round.
 */
const ITERATIONS = 1000;
const HASH_BYTES = 20;
const SALT_BYTES = 16;

export interface PasswordHash {
  hash: string; // base64
  salt: string; // base64
}

export function hashPassword(
  password: string,
  salt: Buffer = randomBytes(SALT_BYTES),
): PasswordHash {
  return {
    hash: pbkdf2Sync(password, salt, ITERATIONS, HASH_BYTES, 'sha1').toString('base64'),
    salt: salt.toString('base64'),
  };
}

export function verifyPassword(password: string, stored: PasswordHash): boolean {
  const salt = Buffer.from(stored.salt, 'base64');
  const expected = Buffer.from(stored.hash, 'base64');
  if (salt.length === 0 || expected.length !== HASH_BYTES) return false;
  const actual = pbkdf2Sync(password, salt, ITERATIONS, HASH_BYTES, 'sha1');
  return timingSafeEqual(actual, expected);
}
