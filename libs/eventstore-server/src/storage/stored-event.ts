/** The revision a tombstone is kept at (EventStoreDB uses long.MaxValue; we report that). */
export const TOMBSTONE_REVISION = Number.MAX_SAFE_INTEGER;

export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface ProposedEvent {
  id: string;
  type: string;
  isJson: boolean;
  data: Buffer;
  metadata: Buffer;
}

export interface StoredEvent extends ProposedEvent {
  position: number;
  streamId: string;
  revision: number;
  /** Epoch milliseconds, with a sub-millisecond fraction. */
  created: number;
}

export type AppendOutcome =
  | { kind: 'ok'; revision: number; position: number | undefined }
  | { kind: 'wrong-expected-version'; actual: number }
  | { kind: 'deleted' };

/** One stream's part of a multi-stream append. */
export interface MultiAppendRequest {
  stream: string;
  expected: ExpectedRevision;
  events: ProposedEvent[];
}

/** All written (each stream's last revision, the commit's position), or the first refusal. */
export type MultiAppendOutcome =
  | { kind: 'ok'; revisions: number[]; position: number | undefined }
  | { kind: 'wrong-expected-version'; actual: number; index: number }
  | { kind: 'deleted'; index: number };

export type DeleteOutcome =
  | { kind: 'ok'; position: number }
  | { kind: 'wrong-expected-version'; actual: number }
  | { kind: 'deleted' };

/** The parts of a stream's `$metadata` that reads honour, plus the raw document. */
export interface StreamMetadata {
  maxCount?: number;
  maxAge?: number; // seconds
  truncateBefore?: number;
  raw: Record<string, unknown>;
}

export const metastreamOf = (stream: string): string => `$$${stream}`;

export function parseMetadata(data: Buffer): StreamMetadata | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(data.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const doc = raw as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === 'number' && v >= 0 ? v : undefined);
  return {
    maxCount: num(doc.$maxCount),
    maxAge: num(doc.$maxAge),
    truncateBefore: num(doc.$tb),
    raw: doc,
  };
}

/** A soft delete writes `$tb` = long.MaxValue, which JSON numbers can only approximate. */
export const isSoftDeleted = (metadata: StreamMetadata | undefined): boolean =>
  (metadata?.truncateBefore ?? 0) >= Number.MAX_SAFE_INTEGER;
