import {
  createHash,
  createPrivateKey,
  createPublicKey,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { decodeBase64 } from './base64';

/*
 * Ed25519 keys for signed notes, in the text forms of C2SP signed-note and Go's sumdb/note:
 *   verifier key  <name>+<key ID, 8 hex digits>+<base64(0x01 ‖ 32-byte public key)>
 *   signer key    PRIVATE+KEY+<name>+<key ID>+<base64(0x01 ‖ 32-byte seed)>
 * with key ID = the first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key), big-endian.
 */

/** A key that signs notes. Its private half stays inside; `verifierKey` is safe to publish. */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  /** The verifier key that checks this signer's signatures. */
  readonly verifierKey: string;
  /** The Ed25519 signature of `message`. */
  sign(message: Uint8Array): Buffer;
}

/** A public key that checks note signatures. */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  readonly publicKey: Buffer;
  readonly verifierKey: string;
  /** Whether `signature` is this key's Ed25519 signature of `message`. */
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** A signer or verifier key string that cannot be used, and why. */
export class NoteKeyError extends Error {
  override readonly name = 'NoteKeyError';

  constructor(
    readonly kind: 'signer' | 'verifier',
    readonly problem: string,
  ) {
    super(
      kind === 'signer'
        ? `clave de firma inválida / invalid signer key: ${problem}`
        : `clave de verificación inválida / invalid verifier key: ${problem}`,
    );
  }
}

/** The signature type of Ed25519 in signed notes. */
const ED25519 = 0x01;
const KEY_SIZE = 32;
/** DER headers of an Ed25519 private key (PKCS #8) and public key (SPKI), before the 32 bytes. */
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * Whether `name` can name a key: non-empty Unicode text without spaces (Unicode White_Space,
 * as Go's unicode.IsSpace) or plus signs.
 */
export function isValidKeyName(name: string): boolean {
  return (
    typeof name === 'string' &&
    name !== '' &&
    !/[\p{White_Space}+]/u.test(name) &&
    !/\p{Cs}/u.test(name)
  );
}

/** The key ID of an Ed25519 public key under `name`. */
export function noteKeyId(name: string, publicKey: Uint8Array): number {
  return createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, ED25519]))
    .update(publicKey)
    .digest()
    .readUInt32BE(0);
}

/**
 * A new signer key for `name` and its verifier key. The 32-byte Ed25519 seed is random unless
 * given (tests, or a seed kept elsewhere).
 */
export function generateSignerKey(
  name: string,
  seed: Uint8Array = randomBytes(KEY_SIZE),
): { signerKey: string; verifierKey: string } {
  if (!isValidKeyName(name)) throw new NoteKeyError('signer', nameProblem(name));
  if (seed.length !== KEY_SIZE) {
    throw new NoteKeyError('signer', `the Ed25519 seed must be ${KEY_SIZE} bytes`);
  }
  const publicKey = publicKeyOf(privateKeyOf(seed));
  const id = hex8(noteKeyId(name, publicKey));
  const encodedSeed = Buffer.concat([Buffer.from([ED25519]), seed]).toString('base64');
  return {
    signerKey: `PRIVATE+KEY+${name}+${id}+${encodedSeed}`,
    verifierKey: verifierKeyOf(name, publicKey),
  };
}

/** The verifier key string of an Ed25519 public key under `name`. */
export function verifierKeyOf(name: string, publicKey: Uint8Array): string {
  if (!isValidKeyName(name)) throw new NoteKeyError('verifier', nameProblem(name));
  if (publicKey.length !== KEY_SIZE) {
    throw new NoteKeyError('verifier', `the Ed25519 public key must be ${KEY_SIZE} bytes`);
  }
  const encoded = Buffer.concat([Buffer.from([ED25519]), publicKey]).toString('base64');
  return `${name}+${hex8(noteKeyId(name, publicKey))}+${encoded}`;
}

/** Parses a signer key (`PRIVATE+KEY+<name>+<id>+<key>`); throws {@link NoteKeyError}. */
export function parseSignerKey(signerKey: string): NoteSigner {
  const fail = (problem: string): never => {
    throw new NoteKeyError('signer', problem);
  };
  if (typeof signerKey !== 'string') fail('not a string');
  const [private1, private2, rest] = chop(signerKey, 2);
  if (private1 !== 'PRIVATE' || private2 !== 'KEY') fail('it must start with PRIVATE+KEY+');
  const { name, keyId, key } = splitKey(rest, fail);
  const seed = key.subarray(1);
  const privateKey = privateKeyOf(seed);
  const publicKey = publicKeyOf(privateKey);
  if (noteKeyId(name, publicKey) !== keyId) {
    fail(`key ID ${hex8(keyId)} does not match the name and the key`);
  }
  return {
    name,
    keyId,
    verifierKey: verifierKeyOf(name, publicKey),
    sign: (message) => sign(null, message, privateKey),
  };
}

/** Parses a verifier key (`<name>+<id>+<key>`); throws {@link NoteKeyError}. */
export function parseVerifierKey(verifierKey: string): NoteVerifier {
  const fail = (problem: string): never => {
    throw new NoteKeyError('verifier', problem);
  };
  if (typeof verifierKey !== 'string') fail('not a string');
  if (verifierKey.startsWith('PRIVATE+KEY+')) {
    fail('this is a signer key (PRIVATE+KEY+…), which must stay secret, not a verifier key');
  }
  const { name, keyId, key } = splitKey(verifierKey, fail);
  const publicKey = Buffer.from(key.subarray(1));
  if (noteKeyId(name, publicKey) !== keyId) {
    fail(`key ID ${hex8(keyId)} does not match the name and the key`);
  }
  let keyObject: KeyObject;
  try {
    keyObject = createPublicKey({
      key: Buffer.concat([SPKI_ED25519, publicKey]),
      format: 'der',
      type: 'spki',
    });
  } catch {
    return fail('not an Ed25519 public key');
  }
  return {
    name,
    keyId,
    publicKey,
    verifierKey: verifierKeyOf(name, publicKey),
    verify(message, signature) {
      if (signature.length !== 64) return false;
      try {
        return verify(null, message, keyObject, signature);
      } catch {
        return false;
      }
    },
  };
}

/** `<name>+<id>+<base64 key>` → its parts, checked; the key keeps its type byte. */
function splitKey(
  text: string,
  fail: (problem: string) => never,
): { name: string; keyId: number; key: Buffer } {
  const [name, id, encoded] = chop(text, 2);
  if (!isValidKeyName(name)) fail(nameProblem(name));
  if (!/^[0-9a-fA-F]{8}$/.test(id)) fail(`key ID must be 8 hexadecimal digits, got "${id}"`);
  const key = decodeBase64(encoded);
  if (key === null || key.length === 0) fail('the key is not standard padded base64');
  if (key[0] !== ED25519) {
    fail(`unknown signature type 0x${key[0].toString(16).padStart(2, '0')} (only Ed25519, 0x01)`);
  }
  if (key.length !== 1 + KEY_SIZE) fail(`an Ed25519 key must be ${KEY_SIZE} bytes`);
  return { name, keyId: parseInt(id, 16), key };
}

/** Splits at the first `count` plus signs; the last part keeps any further ones (base64 has +). */
function chop(text: string, count: number): string[] {
  const parts: string[] = [];
  let rest = text;
  for (let i = 0; i < count; i++) {
    const at = rest.indexOf('+');
    if (at < 0) {
      parts.push(rest);
      rest = '';
    } else {
      parts.push(rest.slice(0, at));
      rest = rest.slice(at + 1);
    }
  }
  return [...parts, rest];
}

function nameProblem(name: string): string {
  return `the name must be non-empty, without spaces or "+", got ${JSON.stringify(name)}`;
}

function privateKeyOf(seed: Uint8Array): KeyObject {
  return createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519, seed]),
    format: 'der',
    type: 'pkcs8',
  });
}

function publicKeyOf(privateKey: KeyObject): Buffer {
  const der = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return der.subarray(SPKI_ED25519.length);
}

const hex8 = (id: number) => id.toString(16).padStart(8, '0');
