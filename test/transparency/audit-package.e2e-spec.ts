/**
 * The sealed audit package, from a real history over HTTP: it verifies offline; Go's sumdb/note
 * and sumdb/tlog accept its checkpoint, leaves and proofs; a public reader's package withholds
 * reserved content yet still proves every event; tampered packages come back with findings.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  formatCheckpoint,
  generateSignerKey,
  leafBytes,
  parseCheckpoint,
  parseSignerKey,
  signNote,
  verifyAuditPackage,
  type PackageManifest,
} from '@hitos/transparency';
import {
  expectStatus,
  post,
  registerParties,
  signedCommitment,
  tokens,
  type Tokens,
} from '../api/support/acta-requests';
import { http, startApi, stopApi, TEST_NOW, type ApiHarness } from '../api/support/api-harness';
import { hitosAsync } from '../cli/support/run-hitos';
import { buildGoVerifier, type GoVerify } from './support/go-verifier';
import { readZip, writeZip } from './support/zip-files';

const ID = 'paquete';

describe('the audit package', () => {
  let api: ApiHarness;
  let t: Tokens;
  let dir: string;
  let goVerify: GoVerify;
  let key: string;

  /** The package as `token` gets it, saved to a file. */
  async function download(path: string, token?: string): Promise<string> {
    const res = await fetch(`${api.baseUrl}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="hitos-audit-/);
    const file = join(dir, `${Math.random().toString(36).slice(2)}.zip`);
    await writeFile(file, Buffer.from(await res.arrayBuffer()));
    return file;
  }

  /** The package with some files changed, and its manifest's hashes made to match again. */
  async function tampered(
    from: string,
    change: (files: Map<string, Buffer>) => void,
    options: { rehash?: boolean } = {},
  ): Promise<string> {
    const files = await readZip(from);
    change(files);
    if (options.rehash !== false) {
      const manifest = JSON.parse(files.get('manifest.json')!.toString()) as PackageManifest;
      for (const name of Object.keys(manifest.files)) {
        const bytes = files.get(name);
        if (bytes) {
          manifest.files[name] = {
            sha256: createHash('sha256').update(bytes).digest('hex'),
            bytes: bytes.length,
          };
        }
      }
      files.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
    }
    const file = join(dir, `tampered-${Math.random().toString(36).slice(2)}.zip`);
    await writeZip(file, files);
    return file;
  }

  const ndjson = (bytes: Buffer) =>
    bytes
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));

  let auditorZip: string;
  let publicZip: string;
  let publicFile: string;
  let reservedFile: string;

  beforeAll(async () => {
    goVerify = buildGoVerifier();
    dir = await mkdtemp(join(tmpdir(), 'hitos-package-'));
    api = await startApi();
    t = tokens(api);
    await registerParties(api, t);
    await signedCommitment(api, t, ID);
    expectStatus(
      await post(api, `/api/commitments/${ID}/milestones/h1/progress-reports`, t.mdt, {
        reportId: 'h1-reservado',
        percent: 30,
        narrative: 'Borrador en revisión jurídica.',
        evidence: [
          {
            title: 'Borrador reservado',
            url: 'https://interno.trabajo.gob.ec/borrador-reservado.pdf',
            sha256: 'd'.repeat(64),
            classification: 'reserved',
          },
        ],
      }),
      201,
    );
    // Two files kept in hitos's evidence store: the public one goes in every package, the
    // reserved one in none.
    const kept = async (bytes: Buffer) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)]), 'archivo.pdf');
      const res = await fetch(`${api.baseUrl}/api/evidence`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.mdt}` },
        body: form,
      });
      return ((await res.json()) as { sha256: string }).sha256;
    };
    publicFile = await kept(Buffer.from('%PDF-1.7\n% acta publica escaneada\n%%EOF\n'));
    reservedFile = await kept(Buffer.from('%PDF-1.7\n% ARCHIVO-RESERVADO-CANARIO\n%%EOF\n'));
    expectStatus(
      await post(api, `/api/commitments/${ID}/milestones/h1/progress-reports`, t.mdt, {
        reportId: 'h1-archivos',
        percent: 40,
        narrative: 'Acta escaneada y base de datos.',
        evidence: [
          {
            title: 'Acta',
            url: `/api/evidence/${publicFile}`,
            sha256: publicFile,
            classification: 'public',
          },
          {
            title: 'Base',
            url: `/api/evidence/${reservedFile}`,
            sha256: reservedFile,
            classification: 'reserved',
          },
        ],
        classification: 'public',
      }),
      201,
    );
    key = (await http(api, 'GET', '/api/transparency/key')).body as string;
    auditorZip = await download(`/api/commitments/${ID}/audit-package`, t.auditor);
    publicZip = await download(`/api/commitments/${ID}/audit-package`);
  }, 600_000);
  afterAll(async () => {
    await stopApi(api);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('holds every event of the commitment, with a checkpoint signed for it, and verifies', async () => {
    const trail = expectStatus(
      await http(api, 'GET', `/api/commitments/${ID}/audit-trail?limit=500`, { token: t.auditor }),
      200,
    ).body;
    const result = await verifyAuditPackage(auditorZip, { trustedKey: key });
    expect(result.findings).toEqual([]);
    expect(result).toMatchObject({ ok: true, verdict: 0, events: trail.total, withheld: 0 });
    expect(result.manifest).toMatchObject({
      scope: { kind: 'commitment', id: ID },
      reader: 'auditor',
      counts: { events: trail.total, withheld: 0, trailRows: trail.total },
    });
    // hitos's clock (the test day), not the machine's.
    expect(result.manifest!.createdAt.slice(0, 10)).toBe(TEST_NOW.slice(0, 10));
    const files = await readZip(auditorZip);
    expect([...files.keys()].sort()).toEqual(
      [
        'LEEME.md',
        'checkpoint.txt',
        'events.ndjson',
        'key.txt',
        'manifest.json',
        'proofs.ndjson',
        'trail.csv',
        `files/sha256/${publicFile}`,
      ].sort(),
    );
    expect(
      createHash('sha256')
        .update(files.get(`files/sha256/${publicFile}`)!)
        .digest('hex'),
    ).toBe(publicFile);
    const events = ndjson(files.get('events.ndjson')!);
    expect(events.map((e) => e.id)).toEqual(trail.items.map((e: any) => e.eventId));
    expect(events.map((e) => e.leafIndex)).toEqual(trail.items.map((e: any) => e.leaf.index));
    expect(files.get('events.ndjson')!.toString()).toContain('h1-reservado');
    expect(files.get('LEEME.md')!.toString()).toContain('hitos audit verify --package');
  });

  it('gives Go’s sumdb/note and sumdb/tlog a checkpoint, leaves and proofs they accept', async () => {
    const files = await readZip(auditorZip);
    const events = ndjson(files.get('events.ndjson')!);
    const proofs = ndjson(files.get('proofs.ndjson')!);
    const leaves = events.map((e, i) => {
      const bytes = leafBytes(e);
      expect(proofs[i].leafIndex).toBe(e.leafIndex);
      return { index: e.leafIndex, data: bytes.toString('base64'), hash: proofs[i].leafHash };
    });
    const { status, report } = goVerify({
      verifierKeys: [files.get('key.txt')!.toString().trim()],
      checkpoints: [files.get('checkpoint.txt')!.toString()],
      leaves,
      inclusion: proofs.map((p, i) => ({ ...p, leaf: leaves[i].data })),
    });
    expect(report.failures).toEqual([]);
    expect(status).toBe(0);
    expect(report.checked).toMatchObject({
      checkpoints: 1,
      leaves: leaves.length,
      inclusion: proofs.length,
    });
  });

  it('withholds reserved content from the public, and still proves every event', async () => {
    const result = await verifyAuditPackage(publicZip, { trustedKey: key });
    expect(result.findings).toEqual([]);
    expect(result).toMatchObject({ ok: true });
    expect(result.manifest!.reader).toBe('public');
    const files = await readZip(publicZip);
    expect(files.has(`files/sha256/${publicFile}`)).toBe(true);
    expect(files.has(`files/sha256/${reservedFile}`)).toBe(false);
    for (const [name, bytes] of files) {
      expect([name, bytes.toString('utf8').includes('ARCHIVO-RESERVADO')]).toEqual([name, false]);
      expect([name, bytes.toString('utf8').includes('reservado.pdf')]).toEqual([name, false]);
      expect([name, bytes.toString('utf8').includes('h1-reservado')]).toEqual([name, false]);
    }
    const lines = ndjson(files.get('events.ndjson')!);
    const withheld = lines.filter((e) => e.withheld);
    expect(result.withheld).toBe(withheld.length);
    // The reserved report goes as its hash; so does every event whose stored metadata names the
    // person who acted (the leaf holds it): the public gets no user id, and every proof checks.
    expect(withheld).toContainEqual({
      withheld: true,
      leafIndex: expect.any(Number),
      position: expect.any(String),
      type: 'MilestoneProgressReported',
      leafHash: expect.any(String),
    });
    for (const line of lines.filter((e) => !e.withheld)) {
      const actor = line.metadata?.actor;
      expect([line.type, actor?.id && actor.role !== 'system' ? actor.id : null]).toEqual([
        line.type,
        null,
      ]);
    }
    for (const line of withheld)
      expect(Object.keys(line).sort()).toEqual([
        'leafHash',
        'leafIndex',
        'position',
        'type',
        'withheld',
      ]);
    // A party sees it whole.
    const party = await verifyAuditPackage(
      await download(`/api/commitments/${ID}/audit-package`, t.mdt),
    );
    expect(party).toMatchObject({ ok: true, withheld: 0 });
  });

  it('builds a plan’s package too', async () => {
    const plan = await download('/api/action-plans/ec-paea-2026-2027/audit-package', t.presidency);
    const result = await verifyAuditPackage(plan, { trustedKey: key });
    expect(result.findings).toEqual([]);
    expect(result.events).toBeGreaterThan(0);
    expect(result.manifest!.scope).toEqual({ kind: 'plan', id: 'ec-paea-2026-2027' });
  });

  it('finds an event whose data was edited, naming the file and the event', async () => {
    let edited: any;
    const file = await tampered(auditorZip, (files) => {
      const events = ndjson(files.get('events.ndjson')!);
      edited = events.find((e) => e.type === 'MilestoneProgressReported');
      edited.data.percent = 90;
      files.set(
        'events.ndjson',
        Buffer.from(events.map((e) => JSON.stringify(e)).join('\n') + '\n'),
      );
    });
    const result = await verifyAuditPackage(file, { trustedKey: key });
    expect(result).toMatchObject({ ok: false, verdict: 1 });
    expect(result.findings).toEqual([
      expect.objectContaining({
        code: 'LEAF_HASH',
        file: 'events.ndjson',
        event: expect.objectContaining({ leafIndex: edited.leafIndex, id: edited.id }),
        message: {
          es: expect.stringContaining('alterado'),
          en: expect.stringContaining('altered'),
        },
      }),
    ]);
    // Left with the manifest's old hash, the file itself is a finding too.
    const unhashed = await tampered(
      auditorZip,
      (files) =>
        files.set(
          'events.ndjson',
          Buffer.from(
            files.get('events.ndjson')!.toString().replace('"percent":30', '"percent":90'),
          ),
        ),
      { rehash: false },
    );
    const codes = (await verifyAuditPackage(unhashed)).findings.map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['FILE_HASH', 'LEAF_HASH']));
  });

  it('finds a proof with a byte flipped', async () => {
    const file = await tampered(auditorZip, (files) => {
      const proofs = ndjson(files.get('proofs.ndjson')!);
      const bytes = Buffer.from(proofs[0].proof[0], 'base64');
      bytes[0] ^= 1;
      proofs[0].proof[0] = bytes.toString('base64');
      files.set(
        'proofs.ndjson',
        Buffer.from(proofs.map((p) => JSON.stringify(p)).join('\n') + '\n'),
      );
    });
    const result = await verifyAuditPackage(file);
    expect(result.findings).toEqual([
      expect.objectContaining({
        code: 'PROOF',
        file: 'proofs.ndjson',
        event: expect.objectContaining({ line: 1 }),
      }),
    ]);
  });

  it('finds a checkpoint signed by another key', async () => {
    const other = generateSignerKey('hitos.localhost/log');
    const resign = (files: Map<string, Buffer>) => {
      const note = files.get('checkpoint.txt')!.toString();
      const body = formatCheckpoint(parseCheckpoint(note.slice(0, note.indexOf('\n\n') + 1)));
      files.set('checkpoint.txt', Buffer.from(signNote(body, [parseSignerKey(other.signerKey)])));
    };
    // Signed by another key, key.txt unchanged: the signature does not verify.
    const onlyNote = await verifyAuditPackage(await tampered(auditorZip, resign));
    expect(onlyNote.findings.map((f) => [f.code, f.file])).toEqual([
      ['CHECKPOINT', 'checkpoint.txt'],
    ]);
    // key.txt swapped too: consistent in itself, but not the key the auditor trusts.
    const swapped = await tampered(auditorZip, (files) => {
      resign(files);
      files.set('key.txt', Buffer.from(`${other.verifierKey}\n`));
      const manifest = JSON.parse(files.get('manifest.json')!.toString());
      manifest.log.verifierKey = other.verifierKey;
      files.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
    });
    const result = await verifyAuditPackage(swapped, { trustedKey: key });
    expect(result.findings.map((f) => [f.code, f.file])).toEqual([['KEY_NOT_TRUSTED', 'key.txt']]);
    expect(result.findings[0].message.en).toContain('not the trusted key');
  });

  it('finds an evidence file altered, even with the manifest made to match', async () => {
    const name = `files/sha256/${publicFile}`;
    const file = await tampered(auditorZip, (files) =>
      files.set(name, Buffer.from('%PDF-1.7\n% otra acta\n%%EOF\n')),
    );
    const result = await verifyAuditPackage(file);
    expect(result.verdict).toBe(1);
    expect(result.findings).toEqual([
      expect.objectContaining({ code: 'EVIDENCE_FILE', file: name }),
    ]);
  });

  it('finds a file removed, and says a file that is not a zip could not be checked', async () => {
    const file = await tampered(auditorZip, (files) => files.delete('proofs.ndjson'));
    const result = await verifyAuditPackage(file);
    expect(result.verdict).toBe(1);
    expect(result.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'MISSING_FILE', file: 'proofs.ndjson' }),
      ]),
    );
    const junk = join(dir, 'junk.zip');
    await writeFile(junk, 'no soy un zip');
    expect(await verifyAuditPackage(junk)).toMatchObject({ ok: false, verdict: 2 });
  });

  it('is what `hitos audit export` writes too, while the API runs', async () => {
    const out = join(dir, 'cli-auditor.zip');
    const run = await hitosAsync([
      'audit',
      'export',
      '--commitment',
      ID,
      '--as',
      'auditor',
      '--out',
      out,
      '--json',
      '--data-dir',
      api.dataDir,
    ]);
    expect([run.code, run.stderr]).toEqual([0, expect.any(String)]);
    const manifest = JSON.parse(run.stdout) as PackageManifest;
    const result = await verifyAuditPackage(out, { trustedKey: key });
    expect(result.findings).toEqual([]);
    expect(result.manifest).toEqual(manifest);
    const fromApi = await verifyAuditPackage(auditorZip);
    expect(manifest.counts).toEqual(fromApi.manifest!.counts);
    const same = async (zip: string) => (await readZip(zip)).get('events.ndjson')!.toString();
    expect(await same(out)).toBe(await same(auditorZip));
    expect(Object.keys(manifest.files)).toContain(`files/sha256/${publicFile}`);
    expect(Object.keys(manifest.files)).not.toContain(`files/sha256/${reservedFile}`);

    const publicOut = join(dir, 'cli-public.zip');
    const publicRun = await hitosAsync([
      'audit',
      'export',
      '--commitment',
      ID,
      '--out',
      publicOut,
      '--data-dir',
      api.dataDir,
    ]);
    expect(publicRun.code).toBe(0);
    expect(publicRun.stdout).toContain('hitos audit verify --package');
    const publicResult = await verifyAuditPackage(publicOut);
    expect(publicResult).toMatchObject({ ok: true });
    expect(publicResult.withheld).toBeGreaterThanOrEqual(1);

    const again = await hitosAsync([
      'audit',
      'export',
      '--commitment',
      ID,
      '--out',
      publicOut,
      '--data-dir',
      api.dataDir,
    ]);
    expect(again.code).toBe(2);
    const neither = await hitosAsync([
      'audit',
      'export',
      '--out',
      join(dir, 'x.zip'),
      '--data-dir',
      api.dataDir,
    ]);
    expect(neither.code).toBe(2);
  }, 300_000);
});
