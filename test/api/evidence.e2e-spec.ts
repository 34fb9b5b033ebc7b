import { createHash } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { EventStore } from '@hitos/event-store';
import { hitosAsync } from '../cli/support/run-hitos';
import { http, startApi, stopApi, type ApiHarness, type HttpResult } from './support/api-harness';
import {
  MDT_ID,
  expectStatus,
  post,
  registerParties,
  signedCommitment,
  tokens,
  type Tokens,
} from './support/acta-requests';

const ID = 'calidad-servicios-publicos';
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const pdf = (text: string) => Buffer.from(`%PDF-1.7\n% ${text}\n%%EOF\n`);

/** POST /api/evidence with the bytes as the multipart part `field`, named `filename`. */
async function upload(
  api: ApiHarness,
  token: string | undefined,
  bytes: Buffer,
  filename = 'acta.pdf',
  field = 'file',
): Promise<HttpResult> {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(bytes)]), filename);
  const response = await fetch(`${api.baseUrl}/api/evidence`, {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: form,
  });
  const text = await response.text();
  const body = /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
  return { status: response.status, headers: response.headers, body };
}

async function download(api: ApiHarness, hash: string, token?: string) {
  const response = await fetch(`${api.baseUrl}/api/evidence/${hash}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return {
    status: response.status,
    headers: response.headers,
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

const item = (hash: string, title: string, classification: string) => ({
  title,
  url: `/api/evidence/${hash}`,
  sha256: hash,
  classification,
});

async function eventsOf(api: ApiHarness, stream: string) {
  const out = [];
  try {
    for await (const event of api.app.get(EventStore).readStream(stream)) out.push(event);
  } catch {
    // No such stream yet.
  }
  return out;
}

describe('evidence repository: files kept by their hash, read as their filings allow', () => {
  let api: ApiHarness;
  let t: Tokens;
  const publicPdf = pdf('diagnóstico público');
  const reservedPdf = pdf('base de datos reservada');

  beforeAll(async () => {
    api = await startApi({ env: { HITOS_EVIDENCE_MAX_BYTES: String(64 * 1024) } });
    t = tokens(api);
    await registerParties(api, t);
    await signedCommitment(api, t, ID);
  });
  afterAll(() => stopApi(api));

  it('given a PDF uploaded by the institution, when its progress report cites it, then anyone downloads it with its hash, type and name', async () => {
    const filed = expectStatus(await upload(api, t.mdt, publicPdf), 201);
    expect(filed.body).toEqual({
      sha256: sha(publicPdf),
      size: publicPdf.length,
      mediaType: 'application/pdf',
      url: `/api/evidence/${sha(publicPdf)}`,
    });
    const reported = expectStatus(
      await post(api, `/api/commitments/${ID}/milestones/h1/progress-reports`, t.mdt, {
        reportId: 'h1-1',
        percent: 40,
        narrative: 'Diagnóstico levantado.',
        evidence: [item(sha(publicPdf), 'Diagnóstico "público"/2026', 'public')],
      }),
      201,
    );
    const [event] = (await eventsOf(api, `commitment-${ID}`)).filter(
      (e) => e.type === 'MilestoneProgressReported',
    );
    expect((event.data as any).evidence).toEqual([
      {
        ...item(sha(publicPdf), 'Diagnóstico "público"/2026', 'public'),
        size: publicPdf.length,
        mediaType: 'application/pdf',
      },
    ]);
    expect(reported.body.position).toBeDefined();

    const got = await download(api, sha(publicPdf));
    expect(got.status).toBe(200);
    expect(got.bytes).toEqual(publicPdf);
    expect(Object.fromEntries(got.headers)).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(publicPdf.length),
      etag: `"${sha(publicPdf)}"`,
      'x-content-type-options': 'nosniff',
      'repr-digest': `sha-256=:${Buffer.from(sha(publicPdf), 'hex').toString('base64')}:`,
    });
    expect(got.headers.get('content-disposition')).toMatch(
      /^attachment; filename="Diagnostico publico 2026\.pdf"; filename\*=UTF-8''Diagn%C3%B3stico%20p%C3%BAblico%202026\.pdf$/,
    );
  });

  it('given a reserved file, then the public and another institution get 404, the counterpart gets it and the download is recorded naming them', async () => {
    const hash = expectStatus(await upload(api, t.mdt, reservedPdf), 201).body.sha256;
    expectStatus(
      await post(api, `/api/commitments/${ID}/milestones/h1/progress-reports`, t.mdt, {
        reportId: 'h1-2',
        percent: 50,
        narrative: 'Base de datos de usuarios.',
        evidence: [item(hash, 'Base de datos', 'reserved')],
        classification: 'public',
      }),
      201,
    );
    for (const token of [undefined, t.sercop, t.faro, t.citizen, t.coreGroup]) {
      const refused = await download(api, hash, token);
      expect(refused.status).toBe(404);
      expect(refused.bytes.includes(reservedPdf)).toBe(false);
    }
    expect(await eventsOf(api, `evidence-downloads-${hash}`)).toEqual([]);

    const head = await fetch(`${api.baseUrl}/api/evidence/${hash}`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${t.fae}` },
    });
    expect([head.status, head.headers.get('content-length')]).toEqual([
      200,
      String(reservedPdf.length),
    ]);
    expect(await eventsOf(api, `evidence-downloads-${hash}`)).toEqual([]);

    const got = await download(api, hash, t.fae);
    expect(got.status).toBe(200);
    expect(got.bytes).toEqual(reservedPdf);
    expect(got.headers.get('cache-control')).toBe('private, no-store');
    const [recorded, ...more] = await eventsOf(api, `evidence-downloads-${hash}`);
    expect(more).toEqual([]);
    expect(recorded.type).toBe('ClassifiedEvidenceDownloaded');
    expect(recorded.data).toMatchObject({
      sha256: hash,
      classification: 'reserved',
      commitmentIds: [ID],
      downloadedBy: { role: 'counterpart' },
    });
    expect((recorded.metadata as any).actor).toMatchObject({ role: 'counterpart' });

    // In the transparency log: a checkpoint signed now proves it.
    const checkpoint = expectStatus(
      await post(api, '/api/transparency/checkpoints', t.auditor),
      200,
    ).body;
    const proof = await http(
      api,
      'GET',
      `/api/transparency/proofs/inclusion?eventId=${recorded.id}&treeSize=${checkpoint.checkpoint.treeSize}`,
    );
    expect(proof.status).toBe(200);

    // Kept out of the public audit trail.
    const trail = expectStatus(
      await http(api, 'GET', `/api/audit-trail?limit=500`, { token: t.presidency }),
      200,
    );
    expect(JSON.stringify(trail.body)).not.toContain('ClassifiedEvidenceDownloaded');
  });

  it('given a file never cited, then only the Presidency and auditors may read it', async () => {
    const hash = expectStatus(await upload(api, t.mdt, pdf('sin citar')), 201).body.sha256;
    expect((await download(api, hash, t.mdt)).status).toBe(404);
    expect((await download(api, hash)).status).toBe(404);
    expect((await download(api, hash, t.auditor)).status).toBe(200);
  });

  it('given the same file filed twice, then it is stored once', async () => {
    const bytes = pdf('dos veces');
    const first = expectStatus(await upload(api, t.mdt, bytes, 'a.pdf'), 201);
    const second = expectStatus(await upload(api, t.fae, bytes, 'b.pdf'), 201);
    expect(second.body).toEqual(first.body);
    const dir = join(api.dataDir, 'evidence', 'sha256', sha(bytes).slice(0, 2));
    expect(readdirSync(dir).filter((name) => name === sha(bytes))).toHaveLength(1);
    expect(readdirSync(join(api.dataDir, 'evidence', 'tmp'))).toEqual([]);
  });

  it('given an executable named .pdf, then it is refused by its content (415) naming what it is', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0')]);
    const refused = await upload(api, t.mdt, exe, 'informe.pdf');
    expect(refused.status).toBe(415);
    expect(refused.body).toMatchObject({
      code: 'EVIDENCE_TYPE_NOT_ALLOWED',
      details: { detected: 'application/x-msdownload' },
    });
    expect(refused.body.messages.es).toContain('application/x-msdownload');
  });

  it('given a file over the limit, no file field, or no token, then 413, 400 and 401', async () => {
    const big = Buffer.concat([pdf('grande'), Buffer.alloc(64 * 1024, 0x20)]);
    const tooLarge = await upload(api, t.mdt, big);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({
      code: 'EVIDENCE_TOO_LARGE',
      details: { maxBytes: 65536 },
    });
    const missing = await upload(api, t.mdt, pdf('x'), 'a.pdf', 'archivo');
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({
      code: 'EVIDENCE_FILE_REQUIRED',
      details: { field: 'file' },
    });
    expect((await upload(api, undefined, pdf('x'))).status).toBe(401);
    expect(readdirSync(join(api.dataDir, 'evidence', 'tmp'))).toEqual([]);
  });

  it('given an upload cut off midway, then its temp file is removed', async () => {
    const tmp = join(api.dataDir, 'evidence', 'tmp');
    const until = async (done: () => boolean) => {
      for (let i = 0; i < 100 && !done(); i++) await new Promise((r) => setTimeout(r, 50));
      return done();
    };
    const boundary = 'hitos-corte';
    const req = request(`${api.baseUrl}/api/evidence`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${t.mdt}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': '60000',
      },
    });
    req.on('error', () => undefined);
    req.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n` +
        `Content-Type: application/pdf\r\n\r\n%PDF-1.7\n${'x'.repeat(20_000)}`,
    );
    expect(await until(() => readdirSync(tmp).length > 0)).toBe(true);
    req.destroy();
    expect(await until(() => readdirSync(tmp).length === 0)).toBe(true);
  });

  it('given a report citing a kept file with another hash, or a file never kept, then 422 and nothing is appended', async () => {
    const before = (await eventsOf(api, `commitment-${ID}`)).length;
    const mismatch = await post(
      api,
      `/api/commitments/${ID}/milestones/h1/progress-reports`,
      t.mdt,
      {
        percent: 60,
        narrative: 'Otro avance.',
        evidence: [{ ...item(sha(publicPdf), 'Diagnóstico', 'public'), sha256: 'f'.repeat(64) }],
      },
    );
    expect(mismatch.status).toBe(422);
    expect(mismatch.body).toMatchObject({
      code: 'EVIDENCE_HASH_MISMATCH',
      details: { field: 'evidence[0].sha256' },
    });
    const unknown = 'e'.repeat(64);
    const missing = await post(
      api,
      `/api/commitments/${ID}/milestones/h1/progress-reports`,
      t.mdt,
      {
        percent: 60,
        narrative: 'Otro avance.',
        evidence: [item(unknown, 'Nada', 'public')],
      },
    );
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({
      code: 'EVIDENCE_FILE_NOT_FOUND',
      details: { field: 'evidence[0].url' },
    });
    expect(await eventsOf(api, `commitment-${ID}`)).toHaveLength(before);
  });

  it('given a kept file altered on disk, then citing it is refused as a mismatch', async () => {
    const bytes = pdf('alterable');
    const hash = expectStatus(await upload(api, t.mdt, bytes), 201).body.sha256;
    writeFileSync(join(api.dataDir, 'evidence', 'sha256', hash.slice(0, 2), hash), pdf('otro'));
    const refused = await post(
      api,
      `/api/commitments/${ID}/milestones/h1/progress-reports`,
      t.mdt,
      {
        percent: 60,
        narrative: 'Otro avance.',
        evidence: [item(hash, 'Alterado', 'public')],
      },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('EVIDENCE_HASH_MISMATCH');
    expect(MDT_ID).toBeDefined();
  });

  it('given a cited file altered on disk, then hitos audit verify names it, and who cited it, and exits 1', async () => {
    const hash = sha(publicPdf);
    writeFileSync(join(api.dataDir, 'evidence', 'sha256', hash.slice(0, 2), hash), pdf('cambiado'));
    const run = await hitosAsync(['audit', 'verify', '--data-dir', api.dataDir, '--json']);
    const report = JSON.parse(run.stdout);
    expect([run.code, report.verdict]).toEqual([1, 1]);
    expect(report.evidence.citationsKnown).toBe(true);
    expect(report.evidence.findings).toContainEqual(
      expect.objectContaining({
        code: 'EVIDENCE_FILE_ALTERED',
        sha256: hash,
        actual: sha(pdf('cambiado')),
        citedBy: [
          expect.objectContaining({
            commitmentId: ID,
            eventType: 'MilestoneProgressReported',
            reportId: 'h1-1',
          }),
        ],
      }),
    );
    const human = await hitosAsync(['audit', 'verify', '--data-dir', api.dataDir]);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain(`EVIDENCE_FILE_ALTERED`);
    expect(human.stdout).toContain(hash);
  }, 120_000);
});
