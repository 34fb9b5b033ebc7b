import { decodeBase64 } from './base64';
import { HASH_SIZE } from './merkle';

/**
 * A C2SP tlog-checkpoint: the body of the signed note in which a log states its tree head.
 *   <origin>\n<tree size in decimal>\n<base64 root hash>\n[<extension line>\n]…
 */
export interface Checkpoint {
  /** The log's identity; by convention its key name, e.g. `transparencia.example.org/hitos`. */
  origin: string;
  /** Leaves in the tree. */
  size: number;
  /** The RFC 6962 root of the tree of `size` leaves. */
  root: Buffer;
  /** Opaque non-empty lines after the root (C2SP does not recommend them). */
  extensions?: string[];
}

/** A checkpoint body that is not in the C2SP format, and why. */
export class CheckpointFormatError extends Error {
  override readonly name = 'CheckpointFormatError';

  constructor(readonly problem: string) {
    super(`checkpoint inválido / invalid checkpoint: ${problem}`);
  }
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;
/** Characters a line of a signed note cannot hold: control characters, newline included. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_IN_A_LINE = /[\u0000-\u001f]|\p{Cs}/u;

/** The checkpoint's note body, ready for `signNote`. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, size, root, extensions = [] } = checkpoint;
  checkLine(origin, 'the origin');
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new CheckpointFormatError(`the tree size must be a non-negative integer, got ${size}`);
  }
  if (!(root instanceof Uint8Array) || root.length !== HASH_SIZE) {
    throw new CheckpointFormatError(`the root hash must be ${HASH_SIZE} bytes`);
  }
  extensions.forEach((line, i) => checkLine(line, `extension line ${i + 1}`));
  const lines = [origin, String(size), Buffer.from(root).toString('base64'), ...extensions];
  return `${lines.join('\n')}\n`;
}

/** Parses and validates a checkpoint body (the text of an opened note). */
export function parseCheckpoint(body: string): Checkpoint {
  if (typeof body !== 'string' || !body.endsWith('\n')) {
    throw new CheckpointFormatError('the body must end with a newline');
  }
  const lines = body.slice(0, -1).split('\n');
  if (lines.length < 3) {
    throw new CheckpointFormatError('it needs an origin, a tree size and a root hash');
  }
  const [origin, sizeLine, rootLine, ...extensions] = lines;
  checkLine(origin, 'the origin');
  if (!DECIMAL.test(sizeLine) || !Number.isSafeInteger(Number(sizeLine))) {
    throw new CheckpointFormatError(
      `the tree size must be a decimal number without leading zeros, got ${JSON.stringify(sizeLine)}`,
    );
  }
  const root = decodeBase64(rootLine);
  if (root === null || root.length !== HASH_SIZE) {
    throw new CheckpointFormatError(
      `the root hash must be ${HASH_SIZE} bytes in standard base64, got ${JSON.stringify(rootLine)}`,
    );
  }
  extensions.forEach((line, i) => checkLine(line, `extension line ${i + 1}`));
  const checkpoint: Checkpoint = { origin, size: Number(sizeLine), root };
  if (extensions.length > 0) checkpoint.extensions = extensions;
  return checkpoint;
}

function checkLine(line: string, what: string): void {
  if (typeof line !== 'string' || line === '') {
    throw new CheckpointFormatError(`${what} must be a non-empty line`);
  }
  if (NOT_IN_A_LINE.test(line)) {
    throw new CheckpointFormatError(`${what} has a newline, a control character or bad Unicode`);
  }
}
