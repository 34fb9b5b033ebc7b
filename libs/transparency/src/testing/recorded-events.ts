import type { RecordedEvent } from '@hitos/event-store';

let n = 0;

/** A recorded hitos event with awkward-enough fields (a Unicode stream name), numbered in turn. */
export function recordedEvent(
  data: unknown,
  metadata: unknown,
  overrides: Partial<RecordedEvent> = {},
): RecordedEvent {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    type: 'MilestoneProgressReported',
    streamId: `commitment-ñandú-${n % 3}`,
    revision: BigInt(n * 3),
    data,
    metadata,
    isJson: true,
    created: new Date('2026-11-24T15:00:00.000Z'),
    ...overrides,
  } satisfies RecordedEvent;
}

/** The hash-chain link hitos writes into an event's metadata. */
export const CHAIN_LINK = { previousHash: 'ab'.repeat(32), hash: 'cd'.repeat(32) };

/** hitos's metadata as written, with `extra` fields and the chain link last. */
export const hitosMetadata = (extra: Record<string, unknown> = {}) => ({
  schemaVersion: 2,
  actor: { id: 'u-1', role: 'institution', organizationId: 'mdt' },
  recordedAt: '2026-11-24T15:00:00.000Z',
  ...extra,
  integrity: CHAIN_LINK,
});
