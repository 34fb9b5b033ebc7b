/**
 * A transparency log over hitos's events: RFC 6962 Merkle trees kept in SQLite, C2SP checkpoints
 * and signed notes, so that an auditor can check the history with standard tools (Go's
 * sumdb/tlog and sumdb/note, or any RFC 6962 library) without trusting hitos. See
 * docs/transparency.md.
 */
export { LeafEncodingError, leafBytes, leafValue, type LeafEvent } from './leaf';
export { eventDigests, storedLeafHash, type StoredLeafFields } from './event-digests';
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
export { TREE_TABLES, TreeStore, treeOf } from './tree-store';
export * from './same-history';
export { CompactRange } from './compact-range';
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
export {
  CHECKPOINT_STREAM,
  isLeaf,
  transparencyLogProjection,
  type CheckpointCosigned,
  type CheckpointEvent,
  type CheckpointSigned,
} from './transparency-log.projection';
export {
  checkpointOfSize,
  latestCheckpoint,
  leafOfEvent,
  listCheckpoints,
  type CheckpointView,
  type LeafView,
} from './transparency-log.queries';
export { CheckpointSigner, type CheckpointSignerOptions, type TreeHead } from './checkpoint-signer';
export {
  DEVELOPMENT_ORIGIN,
  SIGNING_KEY_FILE,
  resolveLogIdentity,
  type LogIdentity,
} from './signing-key';
export {
  FINDING_KINDS,
  VERDICT,
  finding,
  verdictOf,
  type CheckpointSource,
  type Finding,
  type FindingCode,
  type FindingFacts,
  type FindingKind,
  type TreeHeadView,
  type Verdict,
} from './verify-findings';
export {
  HITOS_CHAINED_PREFIXES,
  verifyHistory,
  verifyHistoryUpdates,
  type VerifyHistoryOptions,
  type VerifyProgress,
  type VerifyReport,
  type VerifyUpdate,
} from './verify-history';
export { logVerifierKey, openLogDatabase } from './verify-sources';
export {
  watchLog,
  type TrustState,
  type WatchLogOptions,
  type WatchResult,
  type WatchStatus,
} from './watch-log';
export * from './audit-package';
