/**
 * A transparency log over hitos's events: RFC 6962 Merkle trees kept in SQLite, C2SP checkpoints
 * and signed notes, so that an auditor can check the history with standard tools (Go's
 * sumdb/tlog and sumdb/note, or any RFC 6962 library) without trusting hitos. See
 * docs/transparency.md.
 */
export { LeafEncodingError, leafBytes, type LeafEvent } from './leaf';
export {
  HASH_SIZE,
  consistencyProof,
  emptyTreeHash,
  inclusionProof,
  leafHash,
  nodeHash,
  treeHash,
  verifyConsistency,
  verifyInclusion,
  type SubtreeHashReader,
} from './merkle';
export { TreeStore } from './tree-store';
export {
  NoteKeyError,
  generateSignerKey,
  isValidKeyName,
  noteKeyId,
  parseSignerKey,
  parseVerifierKey,
  verifierKeyOf,
  type NoteSigner,
  type NoteVerifier,
} from './note-key';
export {
  NoteError,
  cosignNote,
  openNote,
  signNote,
  type NoteErrorReason,
  type NoteSignature,
  type OpenedNote,
} from './signed-note';
export {
  CheckpointFormatError,
  formatCheckpoint,
  parseCheckpoint,
  type Checkpoint,
} from './checkpoint';
