import { PERSON_ROLES, type Role } from '@hitos/domain';
import { http, startApi, stopApi, type ApiHarness, type HttpResult } from './support/api-harness';
import {
  MDT_ID,
  OTHER_INSTITUTION_ID,
  draftReadyToSign,
  expectStatus,
  getCommitment,
  registerParties,
  signedCommitment,
  tokens,
  type Tokens,
} from './support/acta-requests';
import {
  concurTransfers,
  concurrenceBody,
  concurrenceItem,
  coreGroupMemberToken,
  decideTransfers,
  decisionItem,
  handoverBody,
  maintenanceBody,
  postWith,
  transferBody,
  transferPaths,
} from './support/transfer-requests';

/** In implementation: no transfer command applies to it yet. */
const ID = 'calidad-servicios-publicos';
/** Drafted, not signed. */
const DRAFT_ID = 'compromiso-en-borrador';
const UNKNOWN = 'compromiso-inexistente';

interface Endpoint {
  name: string;
  path: string;
  role: Role;
  body: () => unknown;
}

/** Every endpoint of this feature, with the one role it admits and a well-formed body. */
const ENDPOINTS: Endpoint[] = [
  {
    name: 'concurrence',
    path: transferPaths.concurrence(ID),
    role: 'core-group',
    body: () => concurrenceBody(),
  },
  {
    name: 'maintenance',
    path: transferPaths.maintenance(ID),
    role: 'presidency',
    body: maintenanceBody,
  },
  { name: 'transfer', path: transferPaths.transfer(ID), role: 'presidency', body: transferBody },
  { name: 'handover', path: transferPaths.handover(ID), role: 'institution', body: handoverBody },
  {
    name: 'bulk decisions',
    path: transferPaths.bulkDecisions,
    role: 'presidency',
    body: () => ({ decisions: [decisionItem(ID, 'maintain')] }),
  },
  {
    name: 'bulk concurrences',
    path: transferPaths.bulkConcurrences,
    role: 'core-group',
    body: () => ({ concurrences: [concurrenceItem(ID)] }),
  },
];

const fields = (res: HttpResult) =>
  ((res.body?.errors ?? []) as { field: string }[]).map((e) => e.field);

/** A 400 VALIDATION_FAILED that names exactly these fields. */
function expectInvalidFields(res: HttpResult, expected: string[]) {
  expectStatus(res, 400);
  expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(res.body.code).toBe('VALIDATION_FAILED');
  expect([...new Set(fields(res))].sort()).toEqual([...expected].sort());
  for (const field of expected) expect(res.body.detail).toContain(field);
}

/** The problem body without `instance`, which names where the problem arose. */
const withoutInstance = ({ instance: _, ...problem }: Record<string, unknown>) => problem;

describe('transfer commands over HTTP: concurrence, keep, transfer, handover, and in bulk', () => {
  let api: ApiHarness;
  let t: Tokens;
  let member: string;

  /** Commands the app handled on commitment streams, whatever their outcome (from /metrics). */
  async function commitmentCommandsHandled(): Promise<number> {
    const res = expectStatus(await http<string>(api, 'GET', '/metrics'), 200);
    return res.body
      .split('\n')
      .filter((line) => /^hitos_commands_total\{[^}]*stream_category="commitment"/.test(line))
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
  }

  const revisionOf = async (id: string) => (await getCommitment(api, id, t.presidency)).body;

  beforeAll(async () => {
    api = await startApi();
    t = tokens(api);
    member = coreGroupMemberToken(api);
    await registerParties(api, t);
    await signedCommitment(api, t, ID);
    await draftReadyToSign(api, t, DRAFT_ID);
  });
  afterAll(() => stopApi(api));

  describe('authentication and roles', () => {
    it.each(ENDPOINTS)('$name: 401 without a token or with a forged one', async (endpoint) => {
      const missing = await postWith(api, endpoint.path, undefined, endpoint.body());
      expect(missing.status).toBe(401);
      expect(missing.body.code).toBe('UNAUTHORIZED');
      const forged = await postWith(api, endpoint.path, 'not.a.token', endpoint.body());
      expect(forged.status).toBe(401);
      expect(forged.body.code).toBe('UNAUTHORIZED');
    });

    it.each(ENDPOINTS)('$name: 403 ROLE_NOT_ALLOWED for every other role', async (endpoint) => {
      const before = await revisionOf(ID);
      for (const role of PERSON_ROLES.filter((r) => r !== endpoint.role)) {
        const org =
          role === 'institution' ? MDT_ID : role === 'counterpart' ? 'fundacion' : undefined;
        const res = await postWith(api, endpoint.path, api.token(role, org), endpoint.body());
        expect({ role, status: res.status, code: res.body.code }).toEqual({
          role,
          status: 403,
          code: 'ROLE_NOT_ALLOWED',
        });
        expect(res.body.allowedRoles).toEqual([endpoint.role]);
      }
      expect((await revisionOf(ID)).revision).toBe(before.revision);
    });
  });

  describe('request bodies (400 naming each field; nothing reaches the domain)', () => {
    it('maintenance: the reason is required, unknown fields are refused', async () => {
      const path = transferPaths.maintenance(ID);
      expectInvalidFields(await postWith(api, path, t.presidency, {}), ['reason']);
      expectInvalidFields(await postWith(api, path, t.presidency, { reason: '' }), ['reason']);
      expectInvalidFields(
        await postWith(api, path, t.presidency, { ...maintenanceBody(), concurrence: 'GN-1' }),
        ['concurrence'],
      );
    });

    it('transfer: receiving institution, unit, administrator and reason', async () => {
      const path = transferPaths.transfer(ID);
      expectInvalidFields(await postWith(api, path, t.presidency, {}), [
        'toInstitutionId',
        'receivingUnit',
        'administrator',
        'reason',
      ]);
      const body = transferBody();
      expectInvalidFields(
        await postWith(api, path, t.presidency, {
          ...body,
          toInstitutionId: 'no válido',
          administrator: { ...body.administrator, email: 'no-es-un-correo', unit: undefined },
        }),
        ['toInstitutionId', 'administrator.email', 'administrator.unit'],
      );
    });

    it('concurrence: a known decision, the receiving institution only for a transfer, a reference', async () => {
      const path = transferPaths.concurrence(ID);
      const { toInstitutionId: _, ...withoutReceiver } = concurrenceBody('transfer');
      expectInvalidFields(await postWith(api, path, member, withoutReceiver), ['toInstitutionId']);
      expectInvalidFields(
        await postWith(api, path, member, {
          ...concurrenceBody('maintain'),
          toInstitutionId: OTHER_INSTITUTION_ID,
        }),
        ['toInstitutionId'],
      );
      expectInvalidFields(
        await postWith(api, path, member, { ...concurrenceBody(), decision: 'keep' }),
        ['decision'],
      );
      expectInvalidFields(
        await postWith(api, path, member, { ...concurrenceBody(), reference: undefined }),
        ['reference'],
      );
      const invalid = await postWith(api, path, member, withoutReceiver);
      expect(invalid.body.errors[0].messages).toContain(
        'toInstitutionId is required with decision "transfer"',
      );
    });

    it('handover: at least one document, each with a title and a lowercase SHA-256 (as evidence)', async () => {
      const path = transferPaths.handover(ID);
      expectInvalidFields(await postWith(api, path, t.sercop, { documents: [] }), ['documents']);
      expectInvalidFields(await postWith(api, path, t.sercop, {}), ['documents']);
      const [document] = handoverBody().documents;
      for (const sha256 of ['abc123', document.sha256.toUpperCase(), 'z'.repeat(64)]) {
        const res = await postWith(api, path, t.sercop, { documents: [{ ...document, sha256 }] });
        expectInvalidFields(res, ['documents[0].sha256']);
        expect(res.body.errors[0].messages).toEqual([
          'sha256 must be 64 lowercase hex digits (SHA-256)',
        ]);
      }
      expectInvalidFields(
        await postWith(api, path, t.sercop, {
          documents: [document, { sha256: document.sha256 }],
        }),
        ['documents[1].title'],
      );
    });

    it('a malformed commitment id in the path is a 400 naming it', async () => {
      const res = await postWith(
        api,
        '/api/commitments/-no-valido/maintenance',
        t.presidency,
        maintenanceBody(),
      );
      expectInvalidFields(res, ['commitmentId']);
    });

    it('bulk decisions: each invalid item is named by its index, and no item is attempted', async () => {
      const handled = await commitmentCommandsHandled();
      const before = await revisionOf(ID);
      const { reason: _, ...withoutReason } = decisionItem(UNKNOWN, 'maintain');
      const { administrator: __, ...withoutAdministrator } = decisionItem(DRAFT_ID, 'transfer');
      const res = await decideTransfers(api, t.presidency, [
        { ...decisionItem(ID, 'maintain'), receivingUnit: 'Dirección de Innovación' },
        withoutAdministrator,
        withoutReason,
        { ...decisionItem('otro-compromiso', 'transfer'), decision: 'trasladar' },
        { ...decisionItem('uno-mas', 'maintain'), unexpected: true },
      ]);
      expectInvalidFields(res, [
        'decisions[0].receivingUnit',
        'decisions[1].administrator',
        'decisions[2].reason',
        'decisions[3].decision',
        'decisions[4].unexpected',
      ]);
      expect(await commitmentCommandsHandled()).toBe(handled);
      expect((await revisionOf(ID)).revision).toBe(before.revision);
    });

    it('bulk decisions: 1 to 500 items, each commitment once', async () => {
      expectInvalidFields(await decideTransfers(api, t.presidency, []), ['decisions']);
      expectInvalidFields(await postWith(api, transferPaths.bulkDecisions, t.presidency, {}), [
        'decisions',
      ]);
      const many = Array.from({ length: 501 }, (_, i) => decisionItem(`c-${i}`, 'maintain'));
      expectInvalidFields(await decideTransfers(api, t.presidency, many), ['decisions']);
      const handled = await commitmentCommandsHandled();
      expectInvalidFields(
        await decideTransfers(api, t.presidency, [
          decisionItem(UNKNOWN, 'maintain'),
          decisionItem(ID, 'maintain'),
          decisionItem(UNKNOWN, 'transfer'),
        ]),
        ['decisions[2].commitmentId'],
      );
      expect(await commitmentCommandsHandled()).toBe(handled);
    });

    it('bulk requests refuse If-Match (each commitment has its own revision) and a malformed Idempotency-Key', async () => {
      const items = [decisionItem(UNKNOWN, 'maintain')];
      const ifMatch = await decideTransfers(api, t.presidency, items, { 'If-Match': 'W/"3"' });
      expect([ifMatch.status, ifMatch.body.code]).toEqual([400, 'INVALID_IF_MATCH']);
      const badKey = await decideTransfers(api, t.presidency, items, {
        'Idempotency-Key': 'clave con espacios',
      });
      expect([badKey.status, badKey.body.code]).toEqual([400, 'INVALID_IDEMPOTENCY_KEY']);
    });

    it('bulk concurrences: items named by their index under "concurrences"', async () => {
      const { toInstitutionId: _, ...withoutReceiver } = concurrenceItem(UNKNOWN, 'transfer');
      expectInvalidFields(
        await concurTransfers(api, member, [
          concurrenceItem(ID, 'maintain'),
          withoutReceiver,
          { ...concurrenceItem('otro', 'maintain'), reference: '' },
          { ...concurrenceItem('-mal', 'maintain') },
        ]),
        [
          'concurrences[1].toInstitutionId',
          'concurrences[2].reference',
          'concurrences[3].commitmentId',
        ],
      );
    });
  });

  describe('the domain’s answers', () => {
    const singles = (id: string) => [
      { path: transferPaths.concurrence(id), token: () => member, body: concurrenceBody() },
      { path: transferPaths.maintenance(id), token: () => t.presidency, body: maintenanceBody() },
      { path: transferPaths.transfer(id), token: () => t.presidency, body: transferBody() },
      { path: transferPaths.handover(id), token: () => t.sercop, body: handoverBody() },
    ];

    it('404 COMMITMENT_NOT_FOUND on every endpoint for an unknown commitment', async () => {
      for (const { path, token, body } of singles(UNKNOWN)) {
        const res = await postWith(api, path, token(), body);
        expect({ path, status: res.status, code: res.body.code }).toEqual({
          path,
          status: 404,
          code: 'COMMITMENT_NOT_FOUND',
        });
        expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      }
    });

    it('409 COMMAND_NOT_ALLOWED_IN_STATUS for a commitment in implementation, which stays as it was', async () => {
      const before = await revisionOf(ID);
      const expected = [
        ['ConcurTransferDecision', ['TransferPending']],
        ['MaintainCommitment', ['TransferPending']],
        ['TransferCommitment', ['TransferPending']],
        ['AcknowledgeInformationHandover', ['AwaitingHandover']],
      ];
      for (const [i, { path, token, body }] of singles(ID).entries()) {
        const res = await postWith(api, path, token(), body);
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({
          code: 'COMMAND_NOT_ALLOWED_IN_STATUS',
          details: { command: expected[i][0], status: 'InImplementation', allowed: expected[i][1] },
        });
        // Spanish unless the reader prefers English.
        expect(res.body.detail).toBe(res.body.messages.es);
      }
      const after = await revisionOf(ID);
      expect([after.status, after.revision]).toEqual(['InImplementation', before.revision]);
    });

    it('bulk decisions: every item attempted on its own, answered in request order with the single request’s problem', async () => {
      const items = [
        decisionItem(UNKNOWN, 'maintain'),
        decisionItem(ID, 'transfer'),
        decisionItem('otro-inexistente', 'transfer'),
        decisionItem(DRAFT_ID, 'maintain'),
      ];
      const res = expectStatus(await decideTransfers(api, t.presidency, items), 200);
      expect(res.body.results.map((r: { commitmentId: string }) => r.commitmentId)).toEqual(
        items.map((i) => i.commitmentId),
      );
      expect(res.body.results.map((r: { status: number }) => r.status)).toEqual([
        404, 409, 404, 409,
      ]);
      expect(res.body.results[3].problem.details).toMatchObject({
        command: 'MaintainCommitment',
        status: 'Draft',
      });
      for (const [i, item] of items.entries()) {
        const result = res.body.results[i];
        expect(result.revision).toBeUndefined();
        expect(result.problem.instance).toBe(`${transferPaths.bulkDecisions}#/decisions/${i}`);
        const { commitmentId, decision: _, ...body } = item;
        const single = await postWith(
          api,
          item.decision === 'maintain'
            ? transferPaths.maintenance(commitmentId)
            : transferPaths.transfer(commitmentId),
          t.presidency,
          body,
        );
        expect(single.status).toBe(result.status);
        expect(withoutInstance(result.problem)).toEqual(withoutInstance(single.body));
      }
    });

    it('bulk decisions: many items keep their order, and the answers follow Accept-Language', async () => {
      const ids = Array.from({ length: 40 }, (_, i) => (i === 17 ? ID : `inexistente-${i}`));
      const res = expectStatus(
        await decideTransfers(
          api,
          t.presidency,
          ids.map((id) => decisionItem(id, 'maintain')),
          { 'Accept-Language': 'en' },
        ),
        200,
      );
      expect(res.body.results.map((r: { commitmentId: string }) => r.commitmentId)).toEqual(ids);
      expect(res.body.results.map((r: { status: number }) => r.status)).toEqual(
        ids.map((id) => (id === ID ? 409 : 404)),
      );
      expect(res.body.results[17].problem.detail).toBe(res.body.results[17].problem.messages.en);
    });

    it('bulk concurrences: per-item statuses in order, the same problems as one by one', async () => {
      const items = [concurrenceItem(ID, 'maintain'), concurrenceItem(UNKNOWN, 'transfer')];
      const res = expectStatus(await concurTransfers(api, member, items), 200);
      expect(res.body.results.map((r: { status: number }) => r.status)).toEqual([409, 404]);
      expect(res.body.results[0].problem.code).toBe('COMMAND_NOT_ALLOWED_IN_STATUS');
      expect(res.body.results[1].problem.code).toBe('COMMITMENT_NOT_FOUND');
      for (const [i, { commitmentId, ...body }] of items.entries()) {
        const single = await postWith(api, transferPaths.concurrence(commitmentId), member, body);
        expect(withoutInstance(res.body.results[i].problem)).toEqual(withoutInstance(single.body));
      }
    });

    it('bulk requests retried with the same Idempotency-Key answer the same and record nothing', async () => {
      const before = await revisionOf(ID);
      const headers = { 'Idempotency-Key': 'decision-rediseno-mdt-1' };
      const items = [decisionItem(ID, 'maintain'), decisionItem(UNKNOWN, 'transfer')];
      const first = expectStatus(await decideTransfers(api, t.presidency, items, headers), 200);
      const again = expectStatus(await decideTransfers(api, t.presidency, items, headers), 200);
      expect(again.body).toEqual(first.body);
      expect((await revisionOf(ID)).revision).toBe(before.revision);
    });
  });

  describe('the bulk happy path, once the redesign workflow has made a commitment pending', () => {
    // Not the redesign story (the lead's suite): only what the bulk endpoints add to it — items
    // recorded as the single commands would be, and a retry that records nothing twice.
    let wf: ApiHarness;
    let wt: Tokens;
    const PENDING = 'compromiso-pendiente';

    beforeAll(async () => {
      wf = await startApi({ env: { HITOS_WORKFLOWS: 'true', HITOS_WORKFLOW_TICK_MS: '100' } });
      wt = tokens(wf);
      await registerParties(wf, wt);
      await signedCommitment(wf, wt, PENDING);
      expectStatus(
        await postWith(wf, `/api/institutions/${MDT_ID}/redesigns`, wt.presidency, {
          kind: 'merged',
          legalInstrument: 'Decreto Ejecutivo No. 123',
          effectiveOn: '2026-11-01',
          successorIds: [OTHER_INSTITUTION_ID],
        }),
        201,
      );
      for (let i = 0; ; i++) {
        const { body } = await getCommitment(wf, PENDING, wt.presidency);
        if (body.status === 'TransferPending') break;
        if (i > 150) throw new Error(`still ${body.status} after the redesign`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
    afterAll(() => stopApi(wf));

    it('concurs and transfers in bulk beside an unknown commitment; the retry is replayed', async () => {
      const outsider = expectStatus(
        await concurTransfers(wf, wt.coreGroup, [concurrenceItem(PENDING, 'transfer')]),
        200,
      );
      expect(outsider.body.results[0]).toMatchObject({
        status: 403,
        problem: { code: 'TRANSFER_CONCURRENCE_NOT_CORE_GROUP' },
      });
      const concurred = expectStatus(
        await concurTransfers(wf, coreGroupMemberToken(wf), [
          concurrenceItem(UNKNOWN, 'transfer'),
          concurrenceItem(PENDING, 'transfer'),
        ]),
        200,
      );
      expect(concurred.body.results.map((r: { status: number }) => r.status)).toEqual([404, 201]);
      expect(concurred.body.results[1].events.map((e: { type: string }) => e.type)).toEqual([
        'TransferDecisionConcurred',
      ]);

      const headers = { 'Idempotency-Key': 'traspaso-mdt-sercop-1' };
      const items = [decisionItem(PENDING, 'transfer'), decisionItem(UNKNOWN, 'maintain')];
      const first = expectStatus(await decideTransfers(wf, wt.presidency, items, headers), 200);
      const [transferred, unknown] = first.body.results;
      expect(transferred).toMatchObject({ commitmentId: PENDING, status: 201 });
      expect(transferred.events.map((e: { type: string }) => e.type)).toEqual([
        'CommitmentTransferred',
      ]);
      expect(unknown).toMatchObject({ status: 404, problem: { code: 'COMMITMENT_NOT_FOUND' } });
      const after = await getCommitment(wf, PENDING, wt.presidency);
      expect([after.body.status, after.body.revision]).toEqual([
        'AwaitingHandover',
        transferred.revision,
      ]);

      // The item's command id comes from the caller, the key and the commitment.
      const { EventStore, nameBasedUuid } = await import('@hitos/event-store');
      const event = await wf.app.get(EventStore).lastEventOf(`commitment-${PENDING}`);
      const last = [{ id: event?.id, metadata: event?.metadata }];
      expect(last).toEqual([
        {
          id: transferred.events[0].id,
          metadata: expect.objectContaining({
            commandId: nameBasedUuid(
              `presidency\u0000${headers['Idempotency-Key']}\u0000${PENDING}`,
            ),
          }),
        },
      ]);

      const again = expectStatus(await decideTransfers(wf, wt.presidency, items, headers), 200);
      expect(again.body.results[0]).toEqual(transferred);
      expect(again.body.results[1]).toEqual(unknown);
      expect((await getCommitment(wf, PENDING, wt.presidency)).body.revision).toBe(
        transferred.revision,
      );
      // The same key on another request is refused for the item already recorded.
      const reused = expectStatus(
        await decideTransfers(wf, wt.presidency, [items[0]], headers),
        200,
      );
      expect(reused.body.results[0]).toMatchObject({
        status: 422,
        problem: { code: 'IDEMPOTENCY_KEY_REUSED' },
      });
    });
  });
});
