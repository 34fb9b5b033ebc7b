/** An `$all` position as stored: both parts as decimal strings. */
export interface StoredPosition {
  commit: string;
  prepare: string;
}

export type PositionLike = bigint | string | { commit: bigint | string };

export function commitOf(position: PositionLike): bigint {
  if (typeof position === 'bigint') return position;
  if (typeof position === 'string') return BigInt(position);
  return BigInt(position.commit);
}

/** -1, 0 or 1; a missing position is before every other. */
export function comparePositions(a: PositionLike | null, b: PositionLike | null): number {
  if (a === null) return b === null ? 0 : -1;
  if (b === null) return 1;
  const x = commitOf(a);
  const y = commitOf(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function toAllPosition(position: StoredPosition): { commit: bigint; prepare: bigint } {
  return { commit: BigInt(position.commit), prepare: BigInt(position.prepare) };
}
