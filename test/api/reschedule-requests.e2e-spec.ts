/**
 * Issue 16 §2: a reschedule's concurrence is given by the one who gives it. Over HTTP: the
 * institution requests new dates; a member of the plan's Core Group concurs with their own token
 * and only then do the dates move; another request is declined with reasons, or withdrawn; a
 * core-group token that is not a member of the plan, and the institution itself, are refused.
 * The commitment's detail, its audit trail and the Core Group's to-do list say who did what.
 */
import { CORE_GROUP_MEMBER_ID } from '@hitos/testing';
import { http, startApi, stopApi, type ApiHarness } from './support/api-harness';
import {
  expectStatus,
  getCommitment,
  post,
  registerParties,
  signedCommitment,
  tokens,
  type Tokens,
} from './support/acta-requests';
import { coreGroupMemberToken } from './support/transfer-requests';

const ID = 'reprogramaciones';
const base = `/api/commitments/${ID}`;
const requestPath = (milestoneId: string) =>
  `${base}/milestones/${milestoneId}/reschedule-requests`;
const answerPath = (requestId: string, answer: 'concurrence' | 'refusal' | 'withdrawal') =>
  `${base}/reschedule-requests/${requestId}/${answer}`;

const body = (requestId: string, due: string) => ({
  requestId,
  start: '2026-02-01',
  due,
  justification: 'El levantamiento en territorio requiere un trimestre adicional.',
});

const h1Of = async (api: ApiHarness) => (await getCommitment(api, ID)).body.milestones[0];

describe('reschedule requests over HTTP: the institution asks, a Core Group member answers', () => {
  let api: ApiHarness;
  let t: Tokens;
  let member: string;

  beforeAll(async () => {
    api = await startApi();
    t = tokens(api);
    member = coreGroupMemberToken(api);
    await registerParties(api, t);
    await signedCommitment(api, t, ID);
  });
  afterAll(() => stopApi(api));

  it('given a request, when a member of the plan concurs, then the dates move and the concurrence is theirs', async () => {
    expectStatus(await post(api, requestPath('h1'), t.mdt, body('rq-1', '2026-09-30')), 201);
    expect(await h1Of(api)).toMatchObject({ due: '2026-06-30', slips: 0 });

    // The institution cannot concur with its own request; a core-group token of no member of the
    // plan cannot either.
    const own = await post(api, answerPath('rq-1', 'concurrence'), t.mdt, {});
    expect([own.status, own.body.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
    const outsider = await post(api, answerPath('rq-1', 'concurrence'), t.coreGroup, {});
    expect([outsider.status, outsider.body.code]).toEqual([
      403,
      'RESCHEDULE_CONCURRENCE_NOT_MEMBER',
    ]);
    expect(outsider.body.detail).toMatch(/Grupo Núcleo/);

    const concurred = expectStatus(
      await post(api, answerPath('rq-1', 'concurrence'), member, { reference: 'Acta GN-2026-05' }),
      201,
    );
    expect(concurred.body.events.map((e: { type: string }) => e.type)).toEqual([
      'MilestoneRescheduled',
    ]);
    const h1 = await h1Of(api);
    expect(h1).toMatchObject({ baselineDue: '2026-06-30', due: '2026-09-30', slips: 1 });
    expect(h1.reschedules).toEqual([
      expect.objectContaining({
        requestId: 'rq-1',
        previousDue: '2026-06-30',
        concurrence: expect.objectContaining({
          coreGroupMemberId: CORE_GROUP_MEMBER_ID,
          reference: 'Acta GN-2026-05',
          source: 'member',
        }),
      }),
    ]);
    expect(h1.rescheduleRequests[0]).toMatchObject({
      status: 'concurred',
      answeredBy: CORE_GROUP_MEMBER_ID,
    });

    const again = await post(api, answerPath('rq-1', 'refusal'), member, { reasons: 'Tarde.' });
    expect([again.status, again.body.code]).toEqual([409, 'RESCHEDULE_REQUEST_ALREADY_ANSWERED']);
  });

  it('given a request, when a member declines with reasons, then the dates stay and the institution may ask again', async () => {
    expectStatus(await post(api, requestPath('h1'), t.mdt, body('rq-2', '2026-12-31')), 201);

    const noReasons = await post(api, answerPath('rq-2', 'refusal'), member, {});
    expect(noReasons.status).toBe(400);
    expect(noReasons.body.errors.map((e: { field: string }) => e.field)).toEqual(['reasons']);

    expectStatus(
      await post(api, answerPath('rq-2', 'refusal'), member, {
        reasons: 'El nuevo plazo deja sin tiempo la validación ciudadana.',
      }),
      201,
    );
    const h1 = await h1Of(api);
    expect(h1.due).toBe('2026-09-30');
    expect(h1.rescheduleRequests[1]).toMatchObject({
      requestId: 'rq-2',
      status: 'declined',
      answeredBy: CORE_GROUP_MEMBER_ID,
      reasons: 'El nuevo plazo deja sin tiempo la validación ciudadana.',
    });
  });

  it('given a request, when the institution withdraws it, then no member can answer it and a new one may be made', async () => {
    expectStatus(await post(api, requestPath('h1'), t.mdt, body('rq-3', '2026-10-31')), 201);
    const pending = await post(api, requestPath('h1'), t.mdt, body('rq-4', '2026-11-30'));
    expect([pending.status, pending.body.code]).toEqual([409, 'RESCHEDULE_REQUEST_PENDING']);

    expectStatus(
      await post(api, answerPath('rq-3', 'withdrawal'), t.mdt, { reason: 'Otra fecha.' }),
      201,
    );
    const late = await post(api, answerPath('rq-3', 'concurrence'), member, {});
    expect([late.status, late.body.code]).toEqual([409, 'RESCHEDULE_REQUEST_ALREADY_ANSWERED']);
    expectStatus(await post(api, requestPath('h1'), t.mdt, body('rq-4', '2026-11-30')), 201);
  });

  it('given an open request, then the Core Group member finds it in their to-do list, linked to the form', async () => {
    const res = await http(api, 'GET', '/trabajo', { token: member });
    expect(res.status).toBe(200);
    const html = String(res.body);
    expect(html).toContain('data-todo="concur-reschedule"');
    expect(html).toContain(
      '/trabajo/concurrir-reprogramacion?commitmentId=reprogramaciones&amp;requestId=rq-4',
    );
  });

  it('given the exchange, then the audit trail names who asked and who answered, in order', async () => {
    const trail = expectStatus(
      await http(api, 'GET', `${base}/audit-trail`, { token: t.auditor }),
      200,
    );
    const lines = (trail.body.items as { type: string; actor: { id: string } }[])
      .filter((e) => e.type.startsWith('MilestoneReschedule'))
      .map((e) => `${e.type} ${e.actor.id}`);
    expect(lines).toEqual([
      expect.stringMatching(/^MilestoneRescheduleRequested /),
      `MilestoneRescheduled ${CORE_GROUP_MEMBER_ID}`,
      expect.stringMatching(/^MilestoneRescheduleRequested /),
      `MilestoneRescheduleDeclined ${CORE_GROUP_MEMBER_ID}`,
      expect.stringMatching(/^MilestoneRescheduleRequested /),
      expect.stringMatching(/^MilestoneRescheduleRequestWithdrawn /),
      expect.stringMatching(/^MilestoneRescheduleRequested /),
    ]);
  });
});
