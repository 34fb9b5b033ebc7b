import { decodeBase64 } from './base64';
import { isValidKeyName, type NoteSigner, type NoteVerifier } from './note-key';

/*
 * Signed notes as C2SP signed-note and Go's sumdb/note write them: the body (text ending in a
 * newline), a blank line, then one line per signature,
 *   — <key name> <base64(4-byte key ID ‖ Ed25519 signature of the body)>
 * with an em dash (U+2014) and a space before the name.
 */

/** One signature line of a note. */
export interface NoteSignature {
  name: string;
  keyId: number;
  /** The line's base64: key ID and signature. */
  signature: string;
}

/** A note whose signatures were checked: its body, and which known keys signed it. */
export interface OpenedNote {
  body: string;
  /** Signatures by the keys given to {@link openNote}, all verified. */
  verified: NoteSignature[];
  /** Signatures by other keys: neither checked nor trusted. */
  unverified: NoteSignature[];
}

export type NoteErrorReason = 'malformed' | 'unverified' | 'invalid-signature' | 'ambiguous-key';

/**
 * A note that cannot be signed or opened: `malformed` (not a signed note), `unverified` (no
 * signature by a known key), `invalid-signature` (a known key's signature does not verify: the
 * whole note is rejected) or `ambiguous-key` (two verifiers share a name and key ID).
 */
export class NoteError extends Error {
  override readonly name = 'NoteError';

  constructor(
    readonly reason: NoteErrorReason,
    readonly problem: string,
  ) {
    super(`${REASONS[reason]}: ${problem}`);
  }
}

const REASONS: Record<NoteErrorReason, string> = {
  malformed: 'nota mal formada / malformed note',
  unverified: 'nota sin firma verificable / note has no verifiable signature',
  'invalid-signature': 'firma inválida / invalid signature',
  'ambiguous-key': 'clave ambigua / ambiguous verifier key',
};

const SIGNATURE_PREFIX = '\u2014 ';
/** Go's sumdb/note gives up past 100 signatures; C2SP asks verifiers to accept at least 16. */
const MAX_SIGNATURES = 100;
/** What signed notes may not contain: ASCII control characters other than newline. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0009\u000b-\u001f]/;
const LONE_SURROGATE = /\p{Cs}/u;

/** Signs `body` (text ending in "\n") with each signer, in order. */
export function signNote(body: string, signers: readonly NoteSigner[]): string {
  checkText(body, 'the body');
  if (!body.endsWith('\n')) throw new NoteError('malformed', 'the body must end with a newline');
  if (signers.length === 0) throw new NoteError('malformed', 'no signer');
  return `${body}\n${signers.map((signer) => signatureLine(body, signer)).join('')}`;
}

/**
 * Adds `signer`'s signature to a signed note, as a witness co-signs a checkpoint: the note must
 * first open with `verifiers` (a witness signs only what it checked). Keeps the existing
 * signatures, known and unknown, except an earlier one by the same key, which is replaced.
 */
export function cosignNote(
  note: string,
  signer: NoteSigner,
  verifiers: readonly NoteVerifier[],
): string {
  const opened = openNote(note, verifiers);
  const kept = [...opened.verified, ...opened.unverified].filter(
    (signature) => signature.name !== signer.name || signature.keyId !== signer.keyId,
  );
  const lines = kept.map(({ name, signature }) => `${SIGNATURE_PREFIX}${name} ${signature}\n`);
  return `${opened.body}\n${lines.join('')}${signatureLine(opened.body, signer)}`;
}

/**
 * Opens a signed note as Go's note.Open does: checks its form, verifies every signature by a
 * key in `verifiers` (one that fails rejects the note), sets aside signatures by unknown keys,
 * and requires at least one verified signature. Throws {@link NoteError}.
 */
export function openNote(
  note: string | Uint8Array,
  verifiers: readonly NoteVerifier[],
): OpenedNote {
  const text = typeof note === 'string' ? note : decodeUtf8(note);
  checkText(text, 'the note');
  const split = text.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('malformed', 'no blank line before the signatures');
  const body = text.slice(0, split + 1);
  const block = text.slice(split + 2);
  if (block === '' || !block.endsWith('\n')) {
    throw new NoteError('malformed', 'the signatures must end with a newline');
  }
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) {
    throw new NoteError('malformed', `more than ${MAX_SIGNATURES} signatures`);
  }
  const message = Buffer.from(body, 'utf8');
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seen = new Set<string>();
  for (const line of lines) {
    const { name, keyId, signature, bytes } = parseSignatureLine(line);
    const known = verifiers.filter((v) => v.name === name && v.keyId === keyId);
    if (known.length > 1) throw new NoteError('ambiguous-key', keyLabel(name, keyId));
    const key = `${keyLabel(name, keyId)} ${known.length === 0 ? signature : ''}`;
    if (seen.has(key)) continue; // a repeated line, or a second signature by one known key
    seen.add(key);
    if (known.length === 0) {
      unverified.push({ name, keyId, signature });
    } else if (known[0].verify(message, bytes.subarray(4))) {
      verified.push({ name, keyId, signature });
    } else {
      throw new NoteError('invalid-signature', keyLabel(name, keyId));
    }
  }
  if (verified.length === 0) {
    const by = unverified.map((s) => keyLabel(s.name, s.keyId)).join(', ');
    throw new NoteError('unverified', `signed only by unknown keys (${by})`);
  }
  return { body, verified, unverified };
}

function signatureLine(body: string, signer: NoteSigner): string {
  if (!isValidKeyName(signer.name)) throw new NoteError('malformed', 'invalid signer name');
  const id = Buffer.alloc(4);
  id.writeUInt32BE(signer.keyId);
  const signature = signer.sign(Buffer.from(body, 'utf8'));
  return `${SIGNATURE_PREFIX}${signer.name} ${Buffer.concat([id, signature]).toString('base64')}\n`;
}

function parseSignatureLine(line: string): NoteSignature & { bytes: Buffer } {
  function fail(problem: string): never {
    throw new NoteError('malformed', `${problem}: ${JSON.stringify(line)}`);
  }
  if (!line.startsWith(SIGNATURE_PREFIX)) fail('a signature line must start with "— "');
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  const name = space < 0 ? rest : rest.slice(0, space);
  const signature = space < 0 ? '' : rest.slice(space + 1);
  if (!isValidKeyName(name)) fail('invalid key name in signature line');
  const bytes = decodeBase64(signature);
  if (signature === '' || bytes === null) fail('signature not in standard padded base64');
  if (bytes.length < 5) fail('signature too short');
  return { name, keyId: bytes.readUInt32BE(0), signature, bytes };
}

/** Unicode text without control characters other than newline, as signed notes must be. */
function checkText(text: string, what: string): void {
  if (typeof text !== 'string') throw new NoteError('malformed', `${what} is not text`);
  if (LONE_SURROGATE.test(text)) throw new NoteError('malformed', `${what} is not Unicode text`);
  if (CONTROL.test(text)) {
    throw new NoteError('malformed', `${what} has a control character other than newline`);
  }
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new NoteError('malformed', 'the note is not valid UTF-8');
  }
}

const keyLabel = (name: string, keyId: number) => `${name}+${keyId.toString(16).padStart(8, '0')}`;
