/**
 * Go checks hitos's transparency log: the signed checkpoints with golang.org/x/mod/sumdb/note,
 * the leaves, inclusion and consistency proofs with sumdb/tlog (see go-verifier/main.go). Our
 * own verifiers agreeing with our own proofs would prove little; an auditor's standard tool
 * accepting them, and rejecting every tampered one, is the point.
 */
import Database from 'better-sqlite3';
import {
  TreeStore,
  cosignNote,
  formatCheckpoint,
  generateSignerKey,
  leafBytes,
  leafHash,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  type LeafEvent,
} from '@hitos/transparency';
import { buildGoVerifier, type GoInput, type GoVerify } from './support/go-verifier';

const ORIGIN = 'transparencia.hitos.example/log';
let goVerify: GoVerify;
const SIZES = [1, 2, 3, 7, 8, 100, 1000];

const TYPES = ['CommitmentDrafted', 'MilestoneAdded', 'MilestoneCompleted', 'ReportPublished'];

/** A thousand events as hitos records them, on a fixed calendar (never the machine's clock). */
function events(count: number): LeafEvent[] {
  const revisions = new Map<string, number>();
  return Array.from({ length: count }, (_, i) => {
    const stream = `commitment-${(i * 7) % 37}`;
    const revision = revisions.get(stream) ?? 0;
    revisions.set(stream, revision + 1);
    const at = new Date(Date.UTC(2026, 2, 1, 9, 0) + i * 60_000).toISOString();
    return {
      stream,
      revision: BigInt(revision),
      id: `0b7c1c0e-5d0f-4a8e-9f43-${i.toString(16).padStart(12, '0')}`,
      type: TYPES[i % TYPES.length],
      data: {
        title: `Compromiso ${i}: participación ciudadana en el presupuesto`,
        milestone: { n: i % 5, weight: 0.25 * (i % 4), evidence: [`https://example.org/${i}`] },
      },
      metadata: {
        schemaVersion: 1,
        commandId: `cmd-${i}`,
        $correlationId: `corr-${i >> 2}`,
        $causationId: `cmd-${i}`,
        actor: { id: `u-${i % 11}`, role: 'official', organizationId: 'org-3' },
        occurredAt: at,
        recordedAt: at,
        integrity: { previousHash: revision ? `h${i - 1}` : null, hash: `h${i}` },
      },
    };
  });
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const flipped = (text: string, byte = 0) => {
  const bytes = Buffer.from(text, 'base64');
  bytes[byte] ^= 0x01;
  return bytes.toString('base64');
};

describe('the Go verifier (sumdb/note, sumdb/tlog) and hitos transparency logs', () => {
  const logKeys = generateSignerKey(ORIGIN, Buffer.alloc(32, 0x11));
  const witnessKeys = generateSignerKey('witness.example/w1', Buffer.alloc(32, 0x22));
  const impostorKeys = generateSignerKey(ORIGIN, Buffer.alloc(32, 0x33));
  const log = parseSignerKey(logKeys.signerKey);
  const witness = parseSignerKey(witnessKeys.signerKey);
  const keys = [logKeys.verifierKey, witnessKeys.verifierKey];

  const all = events(1000);
  const bytes = all.map(leafBytes);
  const db = new Database(':memory:');
  TreeStore.createTables(db);
  const tree = new TreeStore(db);

  /** The tree grows to each size in turn; the log signs each size and the witness co-signs. */
  const checkpoints = SIZES.map((size) => {
    db.transaction(() => tree.append(bytes.slice(tree.size(), size).map(leafHash)))();
    const body = formatCheckpoint({ origin: ORIGIN, size, root: tree.root() });
    return cosignNote(signNote(body, [log]), witness, [parseVerifierKey(logKeys.verifierKey)]);
  });

  const inclusion = SIZES.flatMap((size) =>
    [...new Set([0, 1, size >> 1, size - 2, size - 1, 37])]
      .filter((index) => index >= 0 && index < size)
      .map((index) => ({
        leafIndex: index,
        treeSize: size,
        leaf: b64(bytes[index]),
        proof: tree.inclusionProof(index, size).map(b64),
      })),
  );

  const consistency = SIZES.flatMap((to) =>
    SIZES.filter((from) => from <= to).map((from) => ({
      from,
      to,
      rootFrom: b64(tree.root(from)),
      rootTo: b64(tree.root(to)),
      proof: tree.consistencyProof(from, to).map(b64),
    })),
  );

  const leaves = bytes.map((data, index) => ({
    index,
    data: b64(data),
    hash: b64(tree.leafHash(index)),
  }));

  beforeAll(() => {
    goVerify = buildGoVerifier();
  }, 600_000);

  afterAll(() => db.close());

  it('accepts every signature, leaf hash, inclusion and consistency proof', () => {
    const { status, report } = goVerify({
      verifierKeys: keys,
      checkpoints,
      leaves,
      inclusion,
      consistency,
    });
    expect(report.failures).toEqual([]);
    expect(status).toBe(0);
    expect(report.checked).toEqual({
      checkpoints: SIZES.length,
      leaves: 1000,
      inclusion: inclusion.length,
      consistency: consistency.length,
    });
    expect(inclusion.length).toBeGreaterThan(25);
    expect(consistency.length).toBe((SIZES.length * (SIZES.length + 1)) / 2);
    const logId = logKeys.verifierKey.split('+')[1];
    const witnessId = witnessKeys.verifierKey.split('+')[1];
    expect(
      report.checkpoints.map(({ size, root, signedBy }) => ({ size, root, signedBy })),
    ).toEqual(
      SIZES.map((size) => ({
        size,
        root: b64(tree.root(size)),
        signedBy: [`${ORIGIN}+${logId}`, `witness.example/w1+${witnessId}`],
      })),
    );
  }, 120_000);

  it('accepts proofs that give only the leaf hash', () => {
    const { status, report } = goVerify({
      verifierKeys: [logKeys.verifierKey],
      checkpoints,
      inclusion: inclusion.map(({ leaf, ...rest }) => ({
        ...rest,
        leafHash: b64(leafHash(Buffer.from(leaf, 'base64'))),
      })),
    });
    expect(report.failures).toEqual([]);
    expect(status).toBe(0);
  }, 120_000);

  const failuresOf = (input: Partial<GoInput>) => {
    const { status, report } = goVerify({ verifierKeys: keys, checkpoints, ...input });
    expect(status).toBe(1);
    expect(report.ok).toBe(false);
    return report.failures;
  };

  it('rejects an inclusion proof with one flipped byte', () => {
    const target = inclusion.findIndex((p) => p.treeSize === 1000 && p.leafIndex === 500);
    const tampered = inclusion.map((p, i) =>
      i === target ? { ...p, proof: p.proof.map((h, j) => (j === 3 ? flipped(h, 17) : h)) } : p,
    );
    const failures = failuresOf({ inclusion: tampered });
    expect(failures).toEqual([
      { check: `inclusion[${target}]`, error: 'invalid transparency proof' },
    ]);
  }, 120_000);

  it('rejects a consistency proof with one flipped byte', () => {
    const target = consistency.findIndex((p) => p.from === 7 && p.to === 100);
    const tampered = consistency.map((p, i) =>
      i === target ? { ...p, proof: p.proof.map((h, j) => (j === 0 ? flipped(h) : h)) } : p,
    );
    expect(failuresOf({ consistency: tampered })).toEqual([
      { check: `consistency[${target}]`, error: 'invalid transparency proof' },
    ]);
  }, 120_000);

  it('rejects proofs against a wrong root, even in a checkpoint the log signed', () => {
    // A log that signs a root which is not its tree's: the signature holds, the proofs do not.
    const wrongRoot = Buffer.from(tree.root(100));
    wrongRoot[0] ^= 0x80;
    const wrong = signNote(formatCheckpoint({ origin: ORIGIN, size: 100, root: wrongRoot }), [log]);
    const failures = failuresOf({
      verifierKeys: [logKeys.verifierKey],
      checkpoints: [wrong],
      inclusion: inclusion.filter((p) => p.treeSize === 100),
    });
    expect(failures.length).toBe(inclusion.filter((p) => p.treeSize === 100).length);
    expect(new Set(failures.map((f) => f.error))).toEqual(new Set(['invalid transparency proof']));

    const consistencyToWrong = consistency
      .filter((p) => p.to === 100 && p.from < 100)
      .map((p) => ({ ...p, rootTo: b64(wrongRoot) }));
    expect(
      failuresOf({
        verifierKeys: [logKeys.verifierKey],
        checkpoints: [],
        consistency: consistencyToWrong,
      }).map((f) => f.error),
    ).toEqual(consistencyToWrong.map(() => 'invalid transparency proof'));
  }, 120_000);

  it('rejects a checkpoint signed by another key under the log name', () => {
    const body = formatCheckpoint({ origin: ORIGIN, size: 1000, root: tree.root() });
    const forged = signNote(body, [parseSignerKey(impostorKeys.signerKey)]);
    expect(failuresOf({ verifierKeys: [logKeys.verifierKey], checkpoints: [forged] })).toEqual([
      { check: 'checkpoints[0]', error: 'note has no verifiable signatures' },
    ]);
  }, 120_000);

  it('rejects a checkpoint whose body changed after signing', () => {
    const last = checkpoints[checkpoints.length - 1];
    const tampered = last.replace('\n1000\n', '\n1001\n');
    expect(tampered).not.toBe(last);
    expect(failuresOf({ checkpoints: [tampered] })).toEqual([
      { check: 'checkpoints[0]', error: expect.stringMatching(/^invalid signature for key /) },
    ]);
  }, 120_000);

  it('rejects a checkpoint without the witness co-signature when the witness is required', () => {
    const body = formatCheckpoint({ origin: ORIGIN, size: 8, root: tree.root(8) });
    expect(failuresOf({ checkpoints: [signNote(body, [log])] })).toEqual([
      { check: 'checkpoints[0]', error: expect.stringMatching(/^not signed by witness\.example/) },
    ]);
  }, 120_000);

  it('rejects a leaf whose bytes changed', () => {
    const tampered = leaves.map((l, i) => (i === 42 ? { ...l, data: flipped(l.data, 30) } : l));
    expect(failuresOf({ leaves: tampered }).map((f) => f.check)).toEqual(['leaves[42]']);
    const moved = inclusion.map((p, i) => (i === 0 ? { ...p, leaf: b64(bytes[1]) } : p));
    expect(failuresOf({ inclusion: moved }).map((f) => f.check)).toEqual(['inclusion[0]']);
  }, 120_000);
});
