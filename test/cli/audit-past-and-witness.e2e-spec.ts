/**
 * `hitos audit state|diff|checkpoint|cosign` as a child process (bin/hitos.js) beside the API
 * itself, on the API's data directory with the demo's history: the past views must be the API's
 * answers to the letter; the checkpoint is signed here or asked over HTTP; a witness co-signs over
 * HTTP, and refuses a note that does not verify with the key it trusts.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSignerKey, openNote, parseVerifierKey } from '@hitos/transparency';
import { TEST_NOW, http, startApi, stopApi, type ApiHarness } from '../api/support/api-harness';
import { hitosAsync } from './support/run-hitos';

jest.setTimeout(300_000);

const ID = 'compras-publicas-abiertas';
const PLAN = 'ec-paea-2026-2027';

describe('hitos audit state, diff, checkpoint and cosign beside the running API', () => {
  let api: ApiHarness;
  let scratch: string;
  /** The CLI on the API's data directory, on the API's clock. */
  const cli = (...args: string[]) =>
    hitosAsync([...args, '--data-dir', api.dataDir, '--quiet'], { HITOS_CLOCK_START: TEST_NOW });
  const json = (run: { stdout: string }) => JSON.parse(run.stdout) as Record<string, any>;

  beforeAll(async () => {
    api = await startApi({ demo: true, env: { HITOS_CHECKPOINT_INTERVAL_MS: '0' } });
    scratch = mkdtempSync(join(tmpdir(), 'hitos-cli-witness-'));
  });
  afterAll(async () => {
    await stopApi(api);
    rmSync(scratch, { recursive: true, force: true });
  });

  describe('past views, as the API serves them', () => {
    let positions: string[];
    beforeAll(async () => {
      const trail = await cli('audit', 'trail', '--commitment', ID, '--json');
      expect(trail.code).toBe(0);
      positions = trail.stdout
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as { position: string }).position);
      expect(positions.length).toBeGreaterThan(3);
    });

    it('audit state --commitment is GET /api/commitments/:id?asOfPosition= (public and auditor)', async () => {
      const at = positions[Math.floor(positions.length / 2)];
      const mine = await cli(
        'audit',
        'state',
        '--commitment',
        ID,
        '--as-of-position',
        at,
        '--json',
      );
      expect(mine.code).toBe(0);
      const theirs = await http(api, 'GET', `/api/commitments/${ID}?asOfPosition=${at}`);
      expect(json(mine)).toEqual(theirs.body);
      const audited = await cli(
        'audit',
        'state',
        '--commitment',
        ID,
        '--as-of-position',
        at,
        '--as',
        'auditor',
        '--json',
      );
      const asAuditor = await http(api, 'GET', `/api/commitments/${ID}?asOfPosition=${at}`, {
        token: api.token('auditor'),
      });
      expect(json(audited)).toEqual(asAuditor.body);
    });

    it('audit state --plan and --institution are the dashboard and the portfolio', async () => {
      const at = positions[positions.length - 1];
      const plan = await cli('audit', 'state', '--plan', PLAN, '--as-of-position', at, '--json');
      expect(plan.code).toBe(0);
      expect(json(plan)).toEqual(
        (await http(api, 'GET', `/api/action-plans/${PLAN}/dashboard?asOfPosition=${at}`)).body,
      );
      const institution = json(plan).byInstitution[0].institutionId as string;
      const portfolio = await cli(
        'audit',
        'state',
        '--institution',
        institution,
        '--as-of-position',
        at,
        '--json',
      );
      expect(portfolio.code).toBe(0);
      expect(json(portfolio)).toEqual(
        (await http(api, 'GET', `/api/institutions/${institution}/portfolio?asOfPosition=${at}`))
          .body,
      );
      // And as a person reads it.
      const text = await cli('audit', 'state', '--plan', PLAN, '--as-of-position', at);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain(`${PLAN}:`);
    });

    it('audit diff is GET /api/commitments/:id/diff', async () => {
      const from = positions[1];
      const mine = await cli('audit', 'diff', '--commitment', ID, '--from', from, '--json');
      expect(mine.code).toBe(0);
      const theirs = await http(api, 'GET', `/api/commitments/${ID}/diff?fromPosition=${from}`);
      expect(json(mine)).toEqual(theirs.body);
      expect(json(mine).events.length).toBeGreaterThan(0);
    });

    it('before the commitment existed: NOT_FOUND_AS_OF, exit 1; one that never did: exit 2', async () => {
      const before = (BigInt(positions[0]) - 1n).toString();
      const run = await cli(
        'audit',
        'state',
        '--commitment',
        ID,
        '--as-of-position',
        before,
        '--json',
      );
      expect(run.code).toBe(1);
      const api404 = await http(api, 'GET', `/api/commitments/${ID}?asOfPosition=${before}`);
      expect(api404.status).toBe(404);
      expect(json(run)).toMatchObject({
        code: 'NOT_FOUND_AS_OF',
        firstPosition: api404.body.firstPosition,
        firstRecordedAt: api404.body.firstRecordedAt,
        firstHappenedOn: api404.body.firstHappenedOn,
      });
      expect(run.stderr).toContain('aún no existía');
      const never = await cli('audit', 'state', '--commitment', 'no-existe');
      expect(never.code).toBe(2);
      expect(never.stderr).toContain('no existe el compromiso «no-existe»');
      const future = await cli('audit', 'state', '--commitment', ID, '--as-of', '2027-01-01');
      expect(future.code).toBe(2);
      expect(future.stderr).toContain('--as-of: 2027-01-01 está en el futuro');
    });
  });

  describe('checkpoints and witnesses', () => {
    let logKey: string;
    let witnessFile: string;
    let witnessKey: string;

    it('audit checkpoint signs here, on the API’s data directory, with the API’s key', async () => {
      logKey = (await http<string>(api, 'GET', '/api/transparency/key')).body;
      const run = await cli('audit', 'checkpoint', '--json');
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const answer = json(run);
      expect(answer.signed).toBe(true);
      openNote(answer.checkpoint.note, [parseVerifierKey(logKey)]);
      // The API serves it as its latest.
      const served = await waitFor(async () => {
        const res = await http<string>(api, 'GET', '/api/transparency/checkpoint');
        return res.status === 200 && res.body === answer.checkpoint.note ? res.body : null;
      });
      expect(served).toBe(answer.checkpoint.note);
    });

    it('audit checkpoint --url asks the API: nothing new to sign, the same checkpoint', async () => {
      const run = await hitosAsync([
        'audit',
        'checkpoint',
        '--url',
        api.baseUrl,
        '--token',
        api.token('auditor'),
        '--json',
      ]);
      expect(run.code).toBe(0);
      expect(json(run).signed).toBe(false);
      const text = await hitosAsync(['audit', 'checkpoint', '--url', api.baseUrl, '-q'], {
        HITOS_TOKEN: api.token('auditor'),
      });
      expect(text.code).toBe(0);
      expect(text.stdout).toBe(json(run).checkpoint.note);
      const refused = await hitosAsync([
        'audit',
        'checkpoint',
        '--url',
        api.baseUrl,
        '--token',
        api.token('public'),
      ]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/POST .*\/api\/transparency\/checkpoints respondió 403/);
    });

    it('audit cosign --new-key writes the signer key 0600 and prints the verifier key', async () => {
      witnessFile = join(scratch, 'witness.key');
      const run = await hitosAsync([
        'audit',
        'cosign',
        '--new-key',
        'witness.example.org',
        '--out',
        witnessFile,
      ]);
      expect(run.code).toBe(0);
      witnessKey = run.stdout.trim();
      expect(parseVerifierKey(witnessKey).name).toBe('witness.example.org');
      expect(statSync(witnessFile).mode & 0o777).toBe(0o600);
      const again = await hitosAsync([
        'audit',
        'cosign',
        '--new-key',
        'witness.example.org',
        '--out',
        witnessFile,
      ]);
      expect(again.code).toBe(2);
      expect(again.stderr).toContain('ya existe');
    });

    it('audit cosign verifies with the trusted key, co-signs, and the API lists the witness', async () => {
      const run = await hitosAsync([
        'audit',
        'cosign',
        '--url',
        api.baseUrl,
        '--key',
        witnessFile,
        '--token',
        api.token('auditor'),
        '--trust',
        logKey,
        '--json',
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const report = json(run);
      expect(report).toMatchObject({ witness: 'witness.example.org', trusted: true, logKey });
      const listed = await waitFor(async () => {
        const res = await http(api, 'GET', '/api/transparency/checkpoints');
        const item = res.body.items.find((c: any) => c.treeSize === report.treeSize);
        return item?.cosignatures.length ? item : null;
      });
      expect(listed.cosignatures).toEqual([
        expect.objectContaining({ witness: 'witness.example.org', verifierKey: witnessKey }),
      ]);
      const note = (await http<string>(api, 'GET', '/api/transparency/checkpoint')).body;
      const opened = openNote(note, [parseVerifierKey(logKey), parseVerifierKey(witnessKey)]);
      expect(opened.verified.map((s) => s.name)).toContain('witness.example.org');
    });

    it('refuses, exit 1, a checkpoint that does not verify with the key it trusts (a forged log key)', async () => {
      const name = parseVerifierKey(logKey).name;
      const forged = generateSignerKey(name, Buffer.alloc(32, 9)).verifierKey;
      const before = (await http(api, 'GET', '/api/transparency/checkpoints')).body;
      const run = await hitosAsync([
        'audit',
        'cosign',
        '--url',
        api.baseUrl,
        '--key',
        witnessFile,
        '--token',
        api.token('auditor'),
        '--trust',
        forged,
      ]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('no se verifica con la clave');
      expect(run.stderr).toContain('not co-signed');
      expect((await http(api, 'GET', '/api/transparency/checkpoints')).body).toEqual(before);
    });
  });
});

/** Polls until `probe` gives a value (the API's log applies events a moment after they land). */
async function waitFor<T>(probe: () => Promise<T | null>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
