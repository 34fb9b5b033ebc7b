/**
 * The whole redesign story over HTTP, on the demo plan: the Ministerio del Trabajo, holding
 * three commitments, is merged into the SERCOP; the workflow engine puts all three in
 * TransferPending; the Core Group concurs and the Presidency transfers them in bulk; the SERCOP
 * acknowledges the handover; the commitments carry on under it, and their audit trails show
 * the whole path.
 */
import { MDT_ID, OTHER_INSTITUTION_ID } from '@hitos/testing';
import { eventually } from '@hitos/workflows/testing/workflow-fixture';
import { http, startApi, stopApi, type ApiHarness } from './support/api-harness';
import { expectStatus, post, signedCommitment, tokens, type Tokens } from './support/acta-requests';
import {
  concurTransfers,
  concurrenceItem,
  coreGroupMemberToken,
  decideTransfers,
  decisionItem,
  handoverBody,
  transferPaths,
} from './support/transfer-requests';

const DEMO_MDT_COMMITMENTS = ['calidad-servicios-publicos', 'empleo-publico-abierto'];
const THIRD = 'mdt-servicios-en-linea';
const HELD = [...DEMO_MDT_COMMITMENTS, THIRD];

describe('an institutional redesign, from the decree to the new institution at work', () => {
  let api: ApiHarness;
  let t: Tokens;
  beforeAll(async () => {
    api = await startApi({
      demo: true,
      env: { HITOS_WORKFLOWS: 'true', HITOS_WORKFLOW_TICK_MS: '200' },
    });
    t = tokens(api);
  });
  afterAll(() => stopApi(api));

  const detail = async (id: string, token = t.presidency) =>
    expectStatus(await http(api, 'GET', `/api/commitments/${id}`, { token }), 200).body as any;

  it('moves the three commitments to SERCOP with their history unbroken', async () => {
    // A third commitment of the ministry, signed like the acta's.
    await signedCommitment(api, t, THIRD);
    const before = await Promise.all(HELD.map((id) => detail(id)));
    for (const commitment of before) expect(commitment.status).toBe('InImplementation');

    // 1. The Presidency records the decree merging the ministry into the SERCOP.
    const redesign = expectStatus(
      await post(api, `/api/institutions/${MDT_ID}/redesigns`, t.presidency, {
        kind: 'merged',
        legalInstrument: 'Decreto Ejecutivo No. 456',
        effectiveOn: '2026-11-20',
        successorIds: [OTHER_INSTITUTION_ID],
      }),
      201,
    );
    const correlationId = redesign.headers.get('x-correlation-id') as string;
    expect(correlationId).toBeTruthy();

    // 2. The workflow puts every one of them on hold, by itself.
    await eventually(
      () => Promise.all(HELD.map((id) => detail(id))),
      (all) => all.every((c) => c.status === 'TransferPending'),
      'the three commitments to be pending transfer',
    );
    const queue = await eventually(
      async () =>
        (
          await http(api, 'GET', '/api/action-plans/ec-paea-2026-2027/transfer-queue', {
            token: t.presidency,
          })
        ).body as any,
      (body) => body.items?.length === 3,
      'the transfer queue to list them',
    );
    expect(queue.items.map((i: any) => i.commitmentId).sort()).toEqual([...HELD].sort());

    // 3. The Core Group concurs and the Presidency transfers all three in one request each.
    const coreGroup = coreGroupMemberToken(api);
    const concurred = expectStatus(
      await concurTransfers(
        api,
        coreGroup,
        HELD.map((id) => concurrenceItem(id, 'transfer', OTHER_INSTITUTION_ID)),
      ),
      200,
    ).body as any;
    expect(concurred.results.map((r: any) => r.status)).toEqual([201, 201, 201]);
    // The ministry no longer exists: keeping a commitment with it is refused.
    const keep = await post(api, transferPaths.maintenance(THIRD), t.presidency, {
      reason: 'Conservarlo en el ministerio',
    });
    expect(keep.status).toBe(409);
    const decided = expectStatus(
      await decideTransfers(
        api,
        t.presidency,
        HELD.map((id) => decisionItem(id, 'transfer', OTHER_INSTITUTION_ID)),
      ),
      200,
    ).body as any;
    expect(decided.results.map((r: any) => r.status)).toEqual([201, 201, 201]);
    for (const id of HELD) expect((await detail(id)).status).toBe('AwaitingHandover');

    // 4. Only the receiving institution acknowledges the handover.
    const refused = await post(api, transferPaths.handover(THIRD), t.mdt, handoverBody());
    expect(refused.status).toBe(403);
    for (const id of HELD)
      expectStatus(await post(api, transferPaths.handover(id), t.sercop, handoverBody()), 201);

    // 5. The commitments carry on under the SERCOP, milestones and reports intact.
    for (const [i, id] of HELD.entries()) {
      const after = await detail(id);
      expect(after.status).toBe('InImplementation');
      expect(after.responsible.institutionId).toBe(OTHER_INSTITUTION_ID);
      // The same milestones and reports (the engine may have found one overdue meanwhile).
      const plan = (m: any) => ({
        id: m.milestoneId,
        due: m.due,
        weight: m.weight,
        reports: m.reports,
      });
      expect(after.milestones.map(plan)).toEqual(before[i].milestones.map(plan));
    }
    const report = {
      reportId: 'informe-sercop-1',
      audience: 'presidency',
      title: 'Informe tras la transferencia',
      summary: 'La SERCOP continúa la implementación.',
      classification: 'public',
    };
    expect((await post(api, `/api/commitments/${THIRD}/reports`, t.mdt, report)).status).toBe(403);
    expectStatus(await post(api, `/api/commitments/${THIRD}/reports`, t.sercop, report), 201);

    // 6. The audit trail shows the whole path, and the decree's correlation id everything it caused.
    const trail = expectStatus(
      await http(api, 'GET', `/api/commitments/${THIRD}/audit-trail?limit=100`, {
        token: t.auditor,
      }),
      200,
    ).body as any;
    const types = trail.items.map((e: any) => e.type);
    const path = [
      'ActaSigned',
      'CommitmentMarkedTransferPending',
      'TransferDecisionConcurred',
      'CommitmentTransferred',
      'InformationHandoverAcknowledged',
      'ReportSubmitted',
    ];
    expect(types.filter((type: string) => path.includes(type))).toEqual(path);
    const marked = trail.items.find((e: any) => e.type === 'CommitmentMarkedTransferPending');
    expect(marked.actor).toMatchObject({ id: 'hitos-workflows', role: 'system' });
    expect(marked.correlationId).toBe(correlationId);

    const caused = await eventually(
      async () =>
        (
          await http(api, 'GET', `/api/audit-trail?correlationId=${correlationId}&limit=100`, {
            token: t.auditor,
          })
        ).body as any,
      (body) => body.items?.some((e: any) => e.type === 'RedesignHandlingCompleted'),
      'the redesign handling to show in the audit trail',
    );
    const causedTypes = caused.items.map((e: any) => e.type).sort();
    const threeOf = (type: string) => [type, type, type];
    // The transfer is one story: concurrences, decisions and acknowledgements carry the decree's
    // correlation, though each came in a request of its own.
    expect(causedTypes).toEqual(
      [
        'InstitutionRedesigned',
        'RedesignHandlingStarted',
        ...threeOf('CommitmentMarkedTransferPending'),
        'RedesignHandlingCompleted',
        ...threeOf('TransferDecisionConcurred'),
        ...threeOf('CommitmentTransferred'),
        ...threeOf('InformationHandoverAcknowledged'),
      ].sort(),
    );
    // Each step cites the one before it, from the decree to the handover.
    const step = (type: string) =>
      caused.items.find((e: any) => e.type === type && e.commitmentId === THIRD);
    const chain = [
      'CommitmentMarkedTransferPending',
      'TransferDecisionConcurred',
      'CommitmentTransferred',
      'InformationHandoverAcknowledged',
    ].map(step);
    for (let i = 1; i < chain.length; i++)
      expect([chain[i].type, chain[i].causationId]).toEqual([chain[i].type, chain[i - 1].eventId]);
    // Every mark is caused by the one redesign event (the request's own events cite the request).
    const marks = caused.items.filter((e: any) => e.type === 'CommitmentMarkedTransferPending');
    const redesignEvent = caused.items.find((e: any) => e.type === 'InstitutionRedesigned');
    expect(new Set(marks.map((e: any) => e.causationId)).size).toBe(1);
    expect(marks[0].causationId).toBe(redesignEvent.eventId);

    // The queue empties as the transfers complete.
    const emptied = await eventually(
      async () =>
        (
          await http(api, 'GET', '/api/action-plans/ec-paea-2026-2027/transfer-queue', {
            token: t.presidency,
          })
        ).body as any,
      (body) => body.items?.length === 0,
      'the transfer queue to empty',
    );
    expect(emptied.items).toEqual([]);
  });
});
