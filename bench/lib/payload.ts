/**
 * The benchmark's event body: a JSON object of about 500 bytes shaped like one of hitos's
 * domain events, shared by the writers and by the null server's ready-made read responses.
 */

export const EVENT_TYPE = 'CommitmentMilestoneRecorded';
export const TARGET_JSON_BYTES = 500;

function baseData(seq: number, writer: number): Record<string, unknown> {
  return {
    commitmentId: `ogp-2025-${String(writer).padStart(3, '0')}-${String(seq % 10000).padStart(4, '0')}`,
    milestone: seq,
    status: 'in-progress',
    recordedBy: { id: `user-${writer}`, role: 'implementing-agency' },
    recordedAt: '2025-11-24T12:00:00.000Z',
    evidence: [`https://example.org/evidence/${seq}`],
    notes: '',
  };
}

const paddingLength = TARGET_JSON_BYTES - JSON.stringify(baseData(0, 0)).length;
const PADDING = 'Progress report for the open-government commitment, reviewed by the forum. '
  .repeat(20)
  .slice(0, Math.max(0, paddingLength));

/** A ~500-byte JSON-able object; its size varies by a few bytes with seq and writer. */
export function eventData(seq: number, writer: number): Record<string, unknown> {
  const data = baseData(seq, writer);
  data.notes = PADDING;
  return data;
}
