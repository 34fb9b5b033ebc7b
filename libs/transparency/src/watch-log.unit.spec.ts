import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCheckpoint } from './checkpoint';
import { generateSignerKey, parseSignerKey, type NoteSigner } from './note-key';
import { signNote } from './signed-note';
import { referenceLeaves } from './testing/rfc6962-reference';
import { TreeStore } from './tree-store';
import { watchLog, type WatchLogOptions } from './watch-log';

const ORIGIN = 'hitos.test/log';
const keys = generateSignerKey(ORIGIN, Buffer.alloc(32, 0x51));
const signer = parseSignerKey(keys.signerKey);

/** A hitos as its public endpoints show it: a tree, a key, the checkpoint it serves. */
class Site {
  readonly tree: TreeStore;
  private readonly db = new Database(':memory:');
  served: string | undefined;
  verifierKey = keys.verifierKey;
  down = false;
  status: number | undefined;
  requests: string[] = [];

  constructor(
    leaves: Buffer[],
    private readonly key: NoteSigner = signer,
  ) {
    TreeStore.createTables(this.db);
    this.tree = new TreeStore(this.db);
    this.grow(leaves);
  }

  /** Appends leaves and signs the new tree head. */
  grow(leaves: Buffer[]): string {
    this.tree.append(leaves);
    this.served = signNote(
      formatCheckpoint({ origin: ORIGIN, size: this.tree.size(), root: this.tree.root() }),
      [this.key],
    );
    return this.served;
  }

  fetch: typeof fetch = async (input) => {
    const url = new URL(String(input));
    this.requests.push(`${url.pathname}${url.search}`);
    await Promise.resolve();
    if (this.down) throw new TypeError('fetch failed: ECONNREFUSED');
    if (this.status) return new Response('oops', { status: this.status });
    const problem = (status: number, code: string) =>
      new Response(JSON.stringify({ code }), {
        status,
        headers: { 'content-type': 'application/problem+json' },
      });
    switch (url.pathname) {
      case '/api/transparency/key':
        return new Response(this.verifierKey);
      case '/api/transparency/checkpoint':
        return this.served ? new Response(this.served) : problem(404, 'NO_CHECKPOINT_YET');
      case '/api/transparency/proofs/consistency': {
        const from = Number(url.searchParams.get('from'));
        const to = Number(url.searchParams.get('to'));
        if (to > this.tree.size()) return problem(422, 'TREE_SIZE_AHEAD');
        const proof = this.tree.consistencyProof(from, to).map((h) => h.toString('base64'));
        return Response.json({ from, to, proof });
      }
      default:
        return problem(404, 'NOT_FOUND');
    }
  };
}

const leaves = (n: number, from = 0) => referenceLeaves(n, from);

describe('watchLog', () => {
  let dir: string;
  let trustFile: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hitos-watch-'));
    trustFile = join(dir, 'trust.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const watch = (site: Site, options: Partial<WatchLogOptions> = {}) =>
    watchLog({ baseUrl: 'https://hitos.example.org/', trustFile, fetch: site.fetch, ...options });
  const trustOnDisk = () => readFileSync(trustFile, 'utf8');

  it('trusts the first checkpoint, then follows the log as it grows, with a proof each time', async () => {
    const site = new Site(leaves(5));
    const first = await watch(site);
    expect(first).toMatchObject({
      verdict: 0,
      status: 'first-run',
      served: { treeSize: 5, root: site.tree.root(5).toString('base64') },
      trustUpdated: true,
      findings: [],
    });
    expect(JSON.parse(trustOnDisk())).toEqual({
      origin: ORIGIN,
      verifierKey: keys.verifierKey,
      treeSize: 5,
      root: site.tree.root(5).toString('base64'),
      note: site.served,
    });

    expect(await watch(site)).toMatchObject({
      verdict: 0,
      status: 'unchanged',
      trustUpdated: false,
    });

    site.grow(leaves(9, 5));
    site.requests = [];
    const advanced = await watch(site);
    expect(advanced).toMatchObject({
      verdict: 0,
      status: 'advanced',
      trusted: { treeSize: 5 },
      served: { treeSize: 14 },
      trustUpdated: true,
    });
    expect(site.requests).toEqual([
      '/api/transparency/key',
      '/api/transparency/checkpoint',
      '/api/transparency/proofs/consistency?from=5&to=14',
    ]);
    expect(JSON.parse(trustOnDisk())).toMatchObject({ treeSize: 14, note: site.served });
  });

  it('accepts an older checkpoint of the same log without moving back', async () => {
    const site = new Site(leaves(7));
    const older = site.served;
    site.grow(leaves(6, 7));
    await watch(site);
    site.served = older;
    const before = trustOnDisk();
    expect(await watch(site)).toMatchObject({ verdict: 0, status: 'behind', trustUpdated: false });
    expect(trustOnDisk()).toBe(before);
  });

  it.each([
    ['larger', 20, 'the consistency proof does not verify'],
    ['smaller', 6, 'the log has no tree of 10 leaves'],
    ['as large', 10, 'same size, another root'],
  ])(
    'given the log rewritten with the same key, %s, then it names both tree heads and keeps its trust',
    async (_, size, reason) => {
      const site = new Site(leaves(10));
      await watch(site);
      const before = trustOnDisk();
      const rewritten = new Site([...leaves(3), ...leaves(size - 3, 1000)]);
      const result = await watch(rewritten);
      const trusted = { treeSize: 10, root: site.tree.root().toString('base64') };
      const served = { treeSize: size, root: rewritten.tree.root().toString('base64') };
      expect(result).toMatchObject({ verdict: 1, status: 'tampered', trusted, served });
      expect(result.findings).toEqual([
        expect.objectContaining({
          code: 'LOG_REWRITTEN',
          kind: 'rewritten',
          trusted,
          served,
          reason,
        }),
      ]);
      expect(result.findings[0].message.en).toContain(`(10 / ${trusted.root})`);
      expect(result.findings[0].message.es).toContain(`(${size} / ${served.root})`);
      expect(trustOnDisk()).toBe(before);
    },
  );

  it('given a checkpoint with a flipped signature byte, or signed by another key, then it is forged', async () => {
    const site = new Site(leaves(4));
    await watch(site);
    const before = trustOnDisk();
    site.grow(leaves(2, 4));
    const line = site.served!.slice(site.served!.lastIndexOf(' ') + 1, -1);
    const bytes = Buffer.from(line, 'base64');
    bytes[30] ^= 1;
    site.served = site.served!.replace(line, bytes.toString('base64'));
    const forged = await watch(site);
    expect(forged).toMatchObject({ verdict: 1, status: 'tampered', trustUpdated: false });
    expect(forged.findings.map((f) => [f.code, f.source])).toEqual([
      ['SIGNATURE_INVALID', 'served'],
    ]);

    const impostor = parseSignerKey(generateSignerKey(ORIGIN, Buffer.alloc(32, 0x66)).signerKey);
    const other = new Site(leaves(6), impostor);
    other.verifierKey = impostor.verifierKey;
    const changed = await watch(other);
    expect(changed.verdict).toBe(1);
    expect(changed.findings.map((f) => f.code)).toEqual([
      'VERIFIER_KEY_CHANGED',
      'SIGNATURE_INVALID',
    ]);
    expect(changed.findings[0]).toMatchObject({
      expected: keys.verifierKey,
      actual: impostor.verifierKey,
    });
    expect(trustOnDisk()).toBe(before);
  });

  it('given a key pinned by the auditor, then the first run checks the served key against it', async () => {
    const impostor = generateSignerKey(ORIGIN, Buffer.alloc(32, 0x67));
    const site = new Site(leaves(3), parseSignerKey(impostor.signerKey));
    site.verifierKey = impostor.verifierKey;
    const result = await watch(site, { verifierKey: keys.verifierKey });
    expect(result.verdict).toBe(1);
    expect(result.findings[0].code).toBe('VERIFIER_KEY_CHANGED');
    expect(() => trustOnDisk()).toThrow();
  });

  it('could not run when the log is unreachable, answers an error, or has nothing signed yet', async () => {
    const site = new Site(leaves(3));
    site.down = true;
    const down = await watch(site);
    expect(down).toMatchObject({ verdict: 2, status: 'unreachable', findings: [] });
    expect(down.error?.en).toContain('ECONNREFUSED');
    site.down = false;
    site.status = 503;
    expect(await watch(site)).toMatchObject({ verdict: 2, status: 'unreachable' });
    site.status = undefined;
    site.served = undefined;
    expect(await watch(site)).toMatchObject({ verdict: 2, status: 'unreachable' });
    expect(() => trustOnDisk()).toThrow();
  });

  it('given a trusted log that now serves no checkpoint, then it was rewritten', async () => {
    const site = new Site(leaves(3));
    await watch(site);
    site.served = undefined;
    const result = await watch(site);
    expect(result).toMatchObject({
      verdict: 1,
      findings: [expect.objectContaining({ code: 'LOG_REWRITTEN' })],
    });
  });

  it('could not run on a trust file it cannot read', async () => {
    writeFileSync(trustFile, '{"origin": "x"}');
    const result = await watch(new Site(leaves(3)));
    expect(result).toMatchObject({ verdict: 2, status: 'unreachable' });
    expect(result.error?.en).toContain('not a trust file');
  });
});
