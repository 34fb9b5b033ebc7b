import { FINDING_KINDS, finding, verdictOf, type FindingCode } from './verify-findings';

describe('verify findings', () => {
  it('gives every code a kind, a severity and a message in both languages, naming where', () => {
    for (const code of Object.keys(FINDING_KINDS) as FindingCode[]) {
      const f = finding(code, {
        stream: 'commitment-c1',
        revision: '4',
        eventId: '00000000-0000-4000-8000-000000000001',
        eventType: 'ProgressReported',
        position: '1234',
        leafIndex: 17,
        treeSize: 20,
        first: '2',
        last: '3',
        expected: 'AAAA',
        actual: 'BBBB',
        leaves: 16,
        source: 'store',
        trusted: { treeSize: 20, root: 'R1' },
        served: { treeSize: 30, root: 'R2' },
      });
      expect(f.kind).toBe(FINDING_KINDS[code]);
      expect(f.severity).toBe(f.kind === 'unverifiable' ? 'notice' : 'tampering');
      expect(f.message.es).toMatch(/\S/);
      expect(f.message.en).toMatch(/\S/);
      expect(f.message.es).not.toBe(f.message.en);
      expect(f.message.es + f.message.en).not.toMatch(/undefined/);
    }
  });

  it('classifies each tampering by kind', () => {
    expect(
      (
        [
          'INTEGRITY_HASH_MISMATCH',
          'LEAF_MISSING',
          'REVISION_OUT_OF_ORDER',
          'NO_INTEGRITY',
          'STREAM_TOMBSTONED',
          'ROOT_MISMATCH',
          'SIGNATURE_INVALID',
          'LOG_REWRITTEN',
        ] as const
      ).map((code) => finding(code).kind),
    ).toEqual([
      'bytes-changed',
      'missing',
      'out-of-order',
      'written-around',
      'stream-deleted',
      'tree-mismatch',
      'bad-signature',
      'rewritten',
    ]);
  });

  it('says where an event is, in both languages', () => {
    const f = finding('INTEGRITY_HASH_MISMATCH', {
      stream: 'commitment-c1',
      revision: '4',
      position: '1234',
      leafIndex: 17,
    });
    expect(f.message.en).toBe(
      "The event's bytes changed: its integrity hash does not match its content (stream commitment-c1, revision 4, $all position 1234, leaf 17).",
    );
    expect(f.message.es).toBe(
      'Los bytes del evento cambiaron: su hash de integridad no corresponde a su contenido (flujo commitment-c1, revisión 4, posición 1234 de $all, hoja 17).',
    );
    const rewritten = finding('LOG_REWRITTEN', {
      trusted: { treeSize: 20, root: 'R1' },
      served: { treeSize: 18, root: 'R2' },
    });
    expect(rewritten.message.en).toContain('(20 / R1)');
    expect(rewritten.message.en).toContain('(18 / R2)');
  });

  it('maps results to exit codes: 0 clean, 1 tampered, 2 could not run', () => {
    const tampering = finding('NO_INTEGRITY');
    const notice = finding('CHECKPOINT_NOT_RECOMPUTED');
    expect(verdictOf({ findings: [] })).toBe(0);
    expect(verdictOf({ findings: [notice] })).toBe(0);
    expect(verdictOf({ findings: [notice, tampering] })).toBe(1);
    expect(verdictOf({ findings: [], error: 'unreachable' })).toBe(2);
    // Tampering found before the failure is proven all the same.
    expect(verdictOf({ findings: [tampering], error: 'unreachable' })).toBe(1);
  });
});
