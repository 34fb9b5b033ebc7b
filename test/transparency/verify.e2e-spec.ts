/**
 * POST /api/transparency/verify: the auditor's check of the whole history, run by the API on
 * its own store and log, as a JSON report or as NDJSON lines while it runs.
 */
import { randomUUID } from 'node:crypto';
import { EventStore } from '@hitos/event-store';
import {
  expectStatus,
  post,
  registerParties,
  signedCommitment,
  tokens,
  type Tokens,
} from '../api/support/acta-requests';
import { startApi, stopApi, type ApiHarness } from '../api/support/api-harness';

const VERIFY = '/api/transparency/verify';

/** The NDJSON lines of a streamed verification. */
async function ndjson(api: ApiHarness, token: string) {
  const response = await fetch(`${api.baseUrl}${VERIFY}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, accept: 'application/x-ndjson' },
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    lines: text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; [key: string]: any }),
  };
}

describe('POST /api/transparency/verify', () => {
  let api: ApiHarness;
  let t: Tokens;

  beforeAll(async () => {
    // No timer: the checkpoints are the ones the spec signs.
    api = await startApi({ env: { HITOS_CHECKPOINT_INTERVAL_MS: '0' } });
    t = tokens(api);
    await registerParties(api, t);
    await signedCommitment(api, t, 'verificable');
    expectStatus(await post(api, '/api/transparency/checkpoints', t.auditor), 200);
  }, 300_000);
  afterAll(() => stopApi(api));

  it('is for auditors only', async () => {
    expect((await post(api, VERIFY, undefined)).status).toBe(401);
    for (const token of [t.presidency, t.mdt, t.coreGroup, t.citizen]) {
      const res = await post(api, VERIFY, token);
      expect([res.status, res.body.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
    }
  });

  it('answers a clean history with an ok report', async () => {
    const res = expectStatus(await post(api, VERIFY, t.auditor), 200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({
      ok: true,
      verdict: 0,
      completed: true,
      checkpointsChecked: 1,
      findings: [],
      findingsOmitted: 0,
    });
    expect(res.body.leaves).toBeGreaterThan(10);
    expect(res.body.logLeavesCompared).toBe(res.body.leaves);
    expect(res.body.eventsRead).toBeGreaterThan(res.body.leaves);
  });

  it('given an event written around hitos, then it reports it, as JSON and as NDJSON lines', async () => {
    // Through the store's port, as anything but command handling would: no hash-chain link.
    const { nextExpectedRevision } = await api.app
      .get(EventStore)
      .appendToStream(
        'commitment-verificable',
        [{ id: randomUUID(), type: 'MilestoneProgressReported', data: { secreto: 'reservado' } }],
        'any',
      );
    const res = expectStatus(await post(api, VERIFY, t.auditor), 200);
    expect(res.body).toMatchObject({ ok: false, verdict: 1 });
    expect(res.body.findings).toEqual([
      expect.objectContaining({
        kind: 'written-around',
        code: 'NO_INTEGRITY',
        stream: 'commitment-verificable',
        revision: String(nextExpectedRevision),
        eventType: 'MilestoneProgressReported',
        message: { es: expect.any(String), en: expect.any(String) },
      }),
    ]);
    // Ids, types, positions and hashes only: never the event's content.
    expect(JSON.stringify(res.body)).not.toContain('reservado');

    const streamed = await ndjson(api, t.auditor);
    expect(streamed.status).toBe(200);
    expect(streamed.contentType).toMatch(/^application\/x-ndjson/);
    expect(streamed.lines.map((l) => l.type)).toEqual(['finding', 'progress', 'report']);
    expect(streamed.lines[0].finding).toEqual(res.body.findings[0]);
    expect(streamed.lines[1].progress).toMatchObject({ eventsRead: res.body.eventsRead + 0 });
    const { findings: _findings, elapsedMs: _ms, ...summary } = res.body;
    expect(streamed.lines[2].report).toMatchObject(summary);
    expect(streamed.lines[2].report.findings).toBeUndefined();
  });
});
