/**
 * One calendar: a fact recorded in the evening in Quito is dated that day, not the next (it is
 * already tomorrow in UTC). The app's clock stands at 20:30 on 24 November in Guayaquil.
 */
import {
  evidenceItem,
  expectStatus,
  getCommitment,
  post,
  registerParties,
  signedCommitment,
  tokens,
  type Tokens,
} from './support/acta-requests';
import { http, startApi, stopApi, type ApiHarness } from './support/api-harness';

const EVENING_IN_QUITO = '2026-11-25T01:30:00.000Z'; // 20:30 on the 24th, UTC−5
const ID = 'calendario';

describe('the plan’s calendar (America/Guayaquil)', () => {
  let api: ApiHarness;
  let t: Tokens;

  beforeAll(async () => {
    api = await startApi({ env: { HITOS_CLOCK_START: EVENING_IN_QUITO } });
    t = tokens(api);
    await registerParties(api, t);
    await signedCommitment(api, t, ID);
  });
  afterAll(() => stopApi(api));

  it('given 20:30 in Quito on the 24th, when progress is reported, then it is dated the 24th', async () => {
    expectStatus(
      await post(api, `/api/commitments/${ID}/milestones/h1/progress-reports`, t.mdt, {
        reportId: 'h1-noche',
        percent: 40,
        narrative: 'Informe cargado por la noche.',
        evidence: [evidenceItem('https://www.trabajo.gob.ec/avance-noche.pdf')],
      }),
      201,
    );
    const detail = await getCommitment(api, ID);
    const text = JSON.stringify(detail.body);
    expect(text).toContain('"reportedOn":"2026-11-24"');
    expect(text).not.toContain('"reportedOn":"2026-11-25"');
  });

  it('then the event says when it happened on the plan’s clock, and the trail dates it the 24th', async () => {
    const trail = await http(api, 'GET', `/api/commitments/${ID}/audit-trail?limit=100`, {
      token: t.auditor,
    });
    expect(trail.status).toBe(200);
    const rows = (trail.body as { items: Record<string, unknown>[] }).items;
    const report = rows.find((row) => row.type === 'MilestoneProgressReported')!;
    expect(report).toBeDefined();
    expect(JSON.stringify(report)).toContain('2026-11-24T20:30');
  });
});
