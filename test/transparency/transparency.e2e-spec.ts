/**
 * The transparency log over HTTP, checked by Go's sumdb/note and sumdb/tlog: an auditor takes
 * the public key, checkpoints and proofs as the API serves them, recomputes each leaf from the
 * events as any EventStoreDB client reads them, and trusts nothing of hitos's own verifiers.
 */
import { EventStore, type RecordedEvent } from '@hitos/event-store';
import {
  CHECKPOINT_STREAM,
  cosignNote,
  generateSignerKey,
  leafBytes,
  parseSignerKey,
  parseVerifierKey,
} from '@hitos/transparency';
import {
  expectStatus,
  post,
  registerParties,
  signedCommitment,
  tokens,
  type Tokens,
} from '../api/support/acta-requests';
import { http, startApi, stopApi, type ApiHarness } from '../api/support/api-harness';
import { eventually } from '@hitos/workflows/testing/workflow-fixture';
import { buildGoVerifier, type GoVerify } from './support/go-verifier';

const T = '/api/transparency';

/** Every event of `$all` that is a leaf, in order, as a client reads it. */
async function leafEvents(api: ApiHarness): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of api.app.get(EventStore).readAll())
    if (!event.streamId.startsWith('$') && event.streamId !== CHECKPOINT_STREAM) events.push(event);
  return events;
}

/** The leaf's bytes, recomputed from the event as docs/transparency.md defines them. */
const leafOf = (e: RecordedEvent) =>
  leafBytes({
    stream: e.streamId,
    revision: e.revision,
    id: e.id,
    type: e.type,
    data: e.data,
    metadata: e.metadata ?? {},
  });

describe('the transparency log over HTTP', () => {
  let api: ApiHarness;
  let t: Tokens;
  let goVerify: GoVerify;

  beforeAll(async () => {
    goVerify = buildGoVerifier();
    api = await startApi();
    t = tokens(api);
  }, 600_000);
  afterAll(() => stopApi(api));

  it('has no checkpoint before one is signed, and refuses to sign for a wrong role', async () => {
    const none = await http(api, 'GET', `${T}/checkpoint`);
    expect([none.status, none.body.code]).toEqual([404, 'NO_CHECKPOINT_YET']);
    expect((await post(api, `${T}/checkpoints`, undefined)).status).toBe(401);
    const institution = await post(api, `${T}/checkpoints`, t.mdt);
    expect([institution.status, institution.body.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
  });

  it('serves checkpoints and proofs that Go’s sumdb/note and sumdb/tlog accept', async () => {
    await registerParties(api, t);
    await signedCommitment(api, t, 'transparente');
    const first = expectStatus(await post(api, `${T}/checkpoints`, t.auditor), 200).body;
    expect(first.signed).toBe(true);
    const again = expectStatus(await post(api, `${T}/checkpoints`, t.presidency), 200).body;
    expect(again).toMatchObject({
      signed: false,
      checkpoint: { treeSize: first.checkpoint.treeSize },
    });

    // More history, then a second checkpoint.
    const more = await post(api, '/api/commitments/transparente/resources', t.mdt, {
      resourceId: 'r-1',
      kind: 'technical',
      description: 'Equipo de análisis de datos',
    });
    expectStatus(more, 201);
    const second = expectStatus(await post(api, `${T}/checkpoints`, t.auditor), 200).body;
    expect(second.checkpoint.treeSize).toBeGreaterThan(first.checkpoint.treeSize);

    const key = await http(api, 'GET', `${T}/key`);
    expect(key.headers.get('content-type')).toMatch(/^text\/plain/);
    const latest = await http(api, 'GET', `${T}/checkpoint`);
    expect(latest.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(latest.body).toBe(second.checkpoint.note);
    const list = expectStatus(await http(api, 'GET', `${T}/checkpoints`), 200).body;
    expect(list.items.map((c: { treeSize: number }) => c.treeSize)).toEqual([
      first.checkpoint.treeSize,
      second.checkpoint.treeSize,
    ]);

    const events = await leafEvents(api);
    expect(events).toHaveLength(second.checkpoint.treeSize);
    const inclusion = [];
    for (const [index, event] of events.entries()) {
      for (const treeSize of [first.checkpoint.treeSize, second.checkpoint.treeSize]) {
        if (index >= treeSize) continue;
        const proof = expectStatus(
          await http(api, 'GET', `${T}/proofs/inclusion?eventId=${event.id}&treeSize=${treeSize}`),
          200,
        ).body;
        expect(proof.leafIndex).toBe(index);
        inclusion.push({ ...proof, leaf: leafOf(event).toString('base64') });
      }
    }
    const consistency = expectStatus(
      await http(
        api,
        'GET',
        `${T}/proofs/consistency?from=${first.checkpoint.treeSize}&to=${second.checkpoint.treeSize}`,
      ),
      200,
    ).body;

    const { status, report } = goVerify({
      verifierKeys: [key.body],
      checkpoints: list.items.map((c: { note: string }) => c.note),
      inclusion,
      consistency: [
        {
          ...consistency,
          rootFrom: first.checkpoint.root,
          rootTo: second.checkpoint.root,
        },
      ],
    });
    expect(report.failures).toEqual([]);
    expect(status).toBe(0);
    expect(report.checked).toMatchObject({ inclusion: inclusion.length, consistency: 1 });

    // The same proof with one byte changed: Go refuses it.
    const forged = structuredClone(inclusion[0]);
    const bytes = Buffer.from(forged.proof[0], 'base64');
    bytes[0] ^= 1;
    forged.proof[0] = bytes.toString('base64');
    const refused = goVerify({
      verifierKeys: [key.body],
      checkpoints: list.items.map((c: { note: string }) => c.note),
      inclusion: [forged],
    });
    expect(refused.status).toBe(1);
  });

  it('stores a witness’s co-signature and serves it beside the log’s, for Go to check', async () => {
    const latest = await http(api, 'GET', `${T}/checkpoint`);
    const key = (await http(api, 'GET', `${T}/key`)).body as string;
    const treeSize = Number(latest.body.split('\n')[1]);
    const witness = generateSignerKey('auditoria.contraloria.example/testigo');
    const cosigned = cosignNote(latest.body, parseSignerKey(witness.signerKey), [
      parseVerifierKey(key),
    ]);

    const anonymous = await post(api, `${T}/checkpoints/${treeSize}/cosignatures`, undefined, {
      note: cosigned,
      verifierKey: witness.verifierKey,
    });
    expect(anonymous.status).toBe(401);
    const tampered = await post(api, `${T}/checkpoints/${treeSize}/cosignatures`, t.auditor, {
      note: cosigned.replace(/^(.*\n)(\d+)\n/, (_, origin, n) => `${origin}${Number(n) + 1}\n`),
      verifierKey: witness.verifierKey,
    });
    expect([tampered.status, tampered.body.code]).toEqual([422, 'INVALID_COSIGNATURE']);
    expectStatus(
      await post(api, `${T}/checkpoints/${treeSize}/cosignatures`, t.auditor, {
        note: cosigned,
        verifierKey: witness.verifierKey,
      }),
      201,
    );

    const served = await http(api, 'GET', `${T}/checkpoint`);
    const list = (await http(api, 'GET', `${T}/checkpoints`)).body;
    expect(list.items.at(-1).cosignatures).toEqual([
      expect.objectContaining({ witness: 'auditoria.contraloria.example/testigo' }),
    ]);
    const { status, report } = goVerify({
      verifierKeys: [key, witness.verifierKey],
      checkpoints: [served.body],
    });
    expect(report.failures).toEqual([]);
    expect(status).toBe(0);

    // The portal's plan page names the witness beside the checkpoint it co-signed.
    const plans = (await http(api, 'GET', '/api/action-plans')).body.items;
    const page = (await http(api, 'GET', `/planes/${plans[0].planId}`)).body as string;
    const history = page.slice(page.indexOf('id="history"'));
    expect(history).toContain('auditoria.contraloria.example/testigo');
    expect(history).toMatch(new RegExp(`<td class="num">${treeSize.toLocaleString('es')}</td>`));
  });

  it('answers bad proof requests with a 4xx naming the field', async () => {
    const size = Number((await http(api, 'GET', `${T}/checkpoint`)).body.split('\n')[1]);
    const unknown = await http(
      api,
      'GET',
      `${T}/proofs/inclusion?eventId=00000000-0000-4000-8000-000000000000&treeSize=1`,
    );
    expect([unknown.status, unknown.body.code]).toEqual([404, 'EVENT_NOT_IN_LOG']);
    const [firstEvent] = await leafEvents(api);
    const ahead = await http(
      api,
      'GET',
      `${T}/proofs/inclusion?eventId=${firstEvent.id}&treeSize=${size + 1000}`,
    );
    expect([ahead.status, ahead.body.code, ahead.body.field]).toEqual([
      422,
      'TREE_SIZE_AHEAD',
      'treeSize',
    ]);
    const zero = await http(
      api,
      'GET',
      `${T}/proofs/inclusion?eventId=${firstEvent.id}&treeSize=0`,
    );
    expect(zero.status).toBe(400);
    expect(JSON.stringify(zero.body)).toContain('treeSize');
    const backwards = await http(api, 'GET', `${T}/proofs/consistency?from=${size}&to=1`);
    expect([backwards.status, backwards.body.field]).toEqual([400, 'from']);
  });
});

describe('checkpoints on a timer', () => {
  let api: ApiHarness;
  afterAll(() => stopApi(api));

  it('signs one while the log grows, and none while it does not', async () => {
    api = await startApi({ env: { HITOS_CHECKPOINT_INTERVAL_MS: '100' } });
    const t = tokens(api);
    await registerParties(api, t);
    const list = async () =>
      (await http(api, 'GET', `${T}/checkpoints?limit=500`)).body as {
        items: { treeSize: number }[];
      };
    const signed = await eventually(
      list,
      (body) => body.items.length > 0,
      'a checkpoint of the registrations',
    );
    const size = signed.items.at(-1)!.treeSize;
    const end = await leafEvents(api);
    const settled = await eventually(
      list,
      (body) => body.items.at(-1)!.treeSize === end.length,
      'a checkpoint of every event',
    );
    // Quiet: the timer keeps firing but signs nothing new.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await list()).items).toHaveLength(settled.items.length);
    expect(size).toBeGreaterThan(0);
  });
});
