/**
 * Time travel over HTTP: a commitment, a plan's dashboard and an institution's portfolio as hitos
 * knew them at a past position or moment, and as they had happened by a date; the diff between
 * two moments. The history is built through the API over two days: the app's clock starts on
 * 20 November 2026, then is moved to the suites' day, 24 November, and runs on from each.
 */
import { Clock } from '@hitos/event-store';
import { commitmentDetailProjection, foldOf } from '@hitos/read-models';
import { TimeTravelFolds } from '../../apps/api/src/read-models/time-travel-folds.service';
import { TEST_NOW, http, startApi, stopApi, type ApiHarness } from './support/api-harness';
import {
  commitmentInImplementation,
  progressReport,
  registerParties,
} from './support/commitment-setup';

const DAY_1 = '2026-11-20T15:00:00.000Z';
const ID = 'tt-calidad';
const RESERVED_URL = 'https://interno.trabajo.gob.ec/tt-diagnostico-reservado.pdf';

/** A GET's body less what only a past answer has, for comparing a past with what GET said then. */
const withoutAsOf = ({ asOf: _asOf, ...rest }: Record<string, unknown>) => rest;

describe('time travel (a commitment recorded on 20 and 24 November 2026)', () => {
  let api: ApiHarness;
  const tokens = () => ({
    mdt: api.token('institution', 'mdt'),
    fae: api.token('counterpart', 'fae'),
    sercop: api.token('institution', 'sercop'),
    auditor: api.token('auditor'),
  });
  const get = (path: string, token?: string) => http(api, 'GET', path, { token });
  const post = async (path: string, token: string, body: unknown) => {
    const res = await http(api, 'POST', path, { token, body });
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { position: string; events: { id: string; type: string }[] };
  };

  /** What GET answered at each step, to the public and to the institution. */
  const then: Record<string, { position: string; public: any; mdt: any }> = {};
  const capture = async (step: string, position: string) => {
    const publicView = await get(`/api/commitments/${ID}?waitFor=${position}`);
    const mdtView = await get(`/api/commitments/${ID}?waitFor=${position}`, tokens().mdt);
    expect(publicView.body.position).toBe(position);
    then[step] = { position, public: publicView.body, mdt: mdtView.body };
  };
  let reviewEventId: string;

  beforeAll(async () => {
    // A fold checkpoint every three events: the commitment's nine have three, so that past views
    // start from them once they are built (by the background or by a request).
    api = await startApi({
      env: { HITOS_CLOCK_START: DAY_1, HITOS_TIME_TRAVEL_CHECKPOINT_EVERY: '3' },
    });
    await registerParties(api);
    await http(api, 'POST', '/api/institutions', {
      token: api.token('presidency'),
      body: {
        institutionId: 'sercop',
        name: 'Servicio Nacional de Contratación Pública',
        acronym: 'SERCOP',
        stateFunction: 'executive',
        governmentLevel: 'national',
      },
    });
    // Drafted and signed on 20 November, the acta dated 28 January: a back-dated signature.
    await commitmentInImplementation(api, ID);
    const signed = await get(`/api/commitments/${ID}`);
    await capture('signed', signed.body.commitmentPosition);
    const reported = await post(
      `/api/commitments/${ID}/milestones/h1/progress-reports`,
      tokens().mdt,
      {
        ...progressReport('r1', 20),
        evidence: [
          ...progressReport('r1').evidence,
          {
            title: 'Informe interno',
            url: RESERVED_URL,
            sha256: 'd'.repeat(64),
            classification: 'reserved',
          },
        ],
      },
    );
    await capture('reported', reported.position);

    // The next day hitos records anything is the suites' day: its clock runs on from TEST_NOW.
    const origin = Date.parse(TEST_NOW) - performance.now();
    jest
      .spyOn(api.app.get(Clock), 'now')
      .mockImplementation(() => new Date(origin + performance.now()));
    const reviewed = await post(
      `/api/commitments/${ID}/progress-reports/r1/reviews`,
      tokens().fae,
      { verdict: 'endorsed' },
    );
    reviewEventId = reviewed.events[0].id;
    const second = await post(
      `/api/commitments/${ID}/milestones/h1/progress-reports`,
      tokens().mdt,
      progressReport('r2', 50),
    );
    await capture('now', second.position);
  }, 120_000);
  afterAll(async () => {
    jest.restoreAllMocks();
    await stopApi(api);
  });

  describe('as hitos knew it', () => {
    it('at a past position, equals what GET answered then, to each reader, and differs from the present', async () => {
      for (const step of ['signed', 'reported']) {
        const { position } = then[step];
        const pastPublic = await get(`/api/commitments/${ID}?asOfPosition=${position}`);
        expect(pastPublic.status).toBe(200);
        expect(withoutAsOf(pastPublic.body)).toEqual(then[step].public);
        const pastMdt = await get(`/api/commitments/${ID}?asOfPosition=${position}`, tokens().mdt);
        expect(withoutAsOf(pastMdt.body)).toEqual(then[step].mdt);
        expect(pastPublic.body.asOf).toMatchObject({
          view: 'as-known',
          moment: null,
          requestedPosition: position,
          happenedBy: null,
          position,
        });
      }
      expect(then.reported.public).not.toEqual(then.now.public);
      expect(then.reported.public.milestones[0].reports).toHaveLength(1);
      expect(then.now.public.milestones[0].reports).toHaveLength(2);
    });

    it('on a date: what was recorded by the end of that day in Guayaquil; the position it answers reproduces it', async () => {
      const onDay1 = await get(`/api/commitments/${ID}?asOf=2026-11-20`);
      expect(onDay1.status).toBe(200);
      expect(withoutAsOf(onDay1.body)).toEqual(then.reported.public);
      expect(onDay1.body.asOf).toMatchObject({
        moment: '2026-11-20T23:59:59.999-05:00',
        position: then.reported.position,
        events: 7,
      });
      // At the instant its signature was recorded (the view's updatedAt then).
      const atSignature = await get(
        `/api/commitments/${ID}?asOf=${encodeURIComponent(then.signed.public.updatedAt)}`,
      );
      expect(withoutAsOf(atSignature.body)).toEqual(then.signed.public);
      // Today stands for now: the present, but not its revision ETag (If-Match is for the present).
      const today = await get(`/api/commitments/${ID}?asOf=2026-11-24`);
      expect(withoutAsOf(today.body)).toEqual(then.now.public);
      const revisionTag = `W/"${then.now.public.revision}"`;
      expect(today.headers.get('etag')).not.toBe(revisionTag);
      expect((await get(`/api/commitments/${ID}`)).headers.get('etag')).toBe(revisionTag);
    });

    it('before the commitment existed: 404 NOT_FOUND_AS_OF in both languages, naming the field and when it began', async () => {
      const res = await get(`/api/commitments/${ID}?asOf=2026-11-19`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({
        code: 'NOT_FOUND_AS_OF',
        messages: { es: expect.stringContaining('aún no existía'), en: expect.any(String) },
        errors: [{ field: 'asOf', messages: expect.any(Array) }],
        firstRecordedAt: expect.stringMatching(/^2026-11-20T15:00/),
        firstHappenedOn: '2026-01-28',
      });
      const unknown = await get(`/api/commitments/nunca-existio?asOf=2026-11-20`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('NOT_FOUND');
    });
  });

  describe('as it happened', () => {
    it('counts a signature dated 28 January, entered on 20 November, as signed by 31 January, when hitos knew nothing yet', async () => {
      const happened = await get(`/api/commitments/${ID}?asHappenedBy=2026-01-31`);
      expect(happened.status).toBe(200);
      expect(happened.body).toMatchObject({
        status: 'InImplementation',
        acta: { signedOn: '2026-01-28' },
        administrator: { name: 'Paola Benítez' },
        asOf: { view: 'as-happened', happenedBy: '2026-01-31', notYetHappened: 3 },
      });
      expect(happened.body.milestones[0].reports).toEqual([]);
      const known = await get(`/api/commitments/${ID}?asOf=2026-01-31`);
      expect(known.status).toBe(404);
      expect(known.body.code).toBe('NOT_FOUND_AS_OF');
      // By 20 November: the first report happened, its review (24 November) had not.
      const byDay1 = await get(`/api/commitments/${ID}?asHappenedBy=2026-11-20`);
      expect(byDay1.body.milestones[0].reports.map((r: any) => [r.reportId, r.review])).toEqual([
        ['r1', null],
      ]);
    });
  });

  describe('reserved content', () => {
    it('stays reserved in every past state: withheld from the public and other institutions, shown to the parties and auditors', async () => {
      const at = `/api/commitments/${ID}?asOfPosition=${then.reported.position}`;
      const t = tokens();
      const outsider = await get(at);
      expect(JSON.stringify(outsider.body)).not.toContain(RESERVED_URL);
      expect(outsider.body.withheldEvidence).toBe(1);
      expect(JSON.stringify((await get(at, t.sercop)).body)).not.toContain(RESERVED_URL);
      for (const token of [t.mdt, t.fae, t.auditor]) {
        const party = await get(at, token);
        expect(JSON.stringify(party.body)).toContain(RESERVED_URL);
        expect(party.body.withheldEvidence).toBe(0);
      }
      const happened = await get(`/api/commitments/${ID}?asHappenedBy=2026-11-20`);
      expect(JSON.stringify(happened.body)).not.toContain(RESERVED_URL);
    });
  });

  describe('the diff between two moments', () => {
    it('lists the fields that changed and the events that changed them', async () => {
      const res = await get(`/api/commitments/${ID}/diff?from=2026-11-20`, tokens().mdt);
      expect(res.status).toBe(200);
      expect(res.body.from).toMatchObject({
        moment: '2026-11-20T23:59:59.999-05:00',
        position: then.reported.position,
        exists: true,
      });
      expect(res.body.to).toMatchObject({ moment: null, position: then.now.position });
      expect(res.body.events.map((e: any) => e.type)).toEqual([
        'ProgressReportReviewed',
        'MilestoneProgressReported',
      ]);
      expect(res.body.events[0]).toMatchObject({
        id: reviewEventId,
        recordedAt: expect.stringMatching(/^2026-11-24/),
        occurredOn: '2026-11-24',
        summary: { es: expect.any(String), en: expect.any(String) },
      });
      const byPath = Object.fromEntries(res.body.changes.map((c: any) => [c.path, c]));
      expect(byPath["$.milestones[?@.milestoneId=='h1'].lastEndorsedPercent"]).toEqual({
        path: "$.milestones[?@.milestoneId=='h1'].lastEndorsedPercent",
        change: 'changed',
        before: 0,
        after: 20,
        events: [reviewEventId],
      });
      expect(byPath["$.milestones[?@.milestoneId=='h1'].reports[?@.reportId=='r2']"]).toMatchObject(
        { change: 'added', before: null, after: { percent: 50 } },
      );
      expect(res.body.attributed).toBe(true);
    });

    it('keeps reserved content from the public: the event that carries it is listed withheld', async () => {
      const res = await get(`/api/commitments/${ID}/diff?fromPosition=${then.signed.position}`);
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain(RESERVED_URL);
      expect(res.body.events.map((e: any) => [e.type, e.withheld])).toEqual([
        ['MilestoneProgressReported', true],
        ['ProgressReportReviewed', false],
        ['MilestoneProgressReported', false],
      ]);
      // Its public line (never free text), then the note that content is reserved.
      expect(res.body.events[0].summary.en).toMatch(/^20% progress .*Reserved content/);
      expect(res.body.events[0].classification).toBe('reserved');
      const party = await get(
        `/api/commitments/${ID}/diff?fromPosition=${then.signed.position}`,
        tokens().fae,
      );
      expect(party.body.events.map((e: any) => e.withheld)).toEqual([false, false, false]);
      expect(JSON.stringify(party.body)).toContain(RESERVED_URL);
    });
  });

  describe('a plan’s dashboard and an institution’s portfolio', () => {
    it('as known and as happened', async () => {
      const dashboard = (query: string) => get(`/api/action-plans/plan-e2e/dashboard?${query}`);
      const onDay1 = await dashboard('asOf=2026-11-20');
      expect(onDay1.status).toBe(200);
      expect(onDay1.body).toMatchObject({
        commitments: 1,
        byStatus: { InImplementation: 1 },
        overallProgress: 0,
        position: then.reported.position,
        asOf: { view: 'as-known' },
      });
      expect((await dashboard('asOfPosition=' + then.now.position)).body.overallProgress).toBe(20);
      expect((await dashboard('asHappenedBy=2026-01-31')).body.byStatus).toEqual({
        InImplementation: 1,
      });
      const before = await dashboard('asOf=2026-11-19');
      expect(before.status).toBe(404);
      expect(before.body).toMatchObject({ code: 'NOT_FOUND_AS_OF', errors: [{ field: 'asOf' }] });
      const portfolio = await get(`/api/institutions/mdt/portfolio?asOf=2026-11-20`);
      expect(portfolio.body.commitments.items.map((c: any) => c.commitmentId)).toEqual([ID]);
      expect(portfolio.body.commitments.items[0]).toMatchObject({ unreviewedReports: 1 });
      const sercop = await get(`/api/institutions/sercop/portfolio?asOf=2026-11-20`);
      expect(sercop.body.commitments.items).toEqual([]);
    });
  });

  describe('from fold checkpoints', () => {
    it('once the background has built them, answers each past exactly as GET answered then', async () => {
      const folds = api.app.get(TimeTravelFolds);
      await folds.catchUp();
      expect(
        folds.file
          .marks(foldOf(commitmentDetailProjection), `commitment-${ID}`)
          .map((mark) => mark.count),
      ).toEqual([9, 6, 3]);
      for (const step of ['signed', 'reported', 'now']) {
        const { position } = then[step];
        const past = await get(`/api/commitments/${ID}?asOfPosition=${position}`, tokens().mdt);
        expect(withoutAsOf(past.body)).toEqual(then[step].mdt);
        expect(past.body.asOf).toMatchObject({ position });
      }
      const onDay1 = await get(`/api/commitments/${ID}?asOf=2026-11-20`);
      expect(withoutAsOf(onDay1.body)).toEqual(then.reported.public);
      expect(onDay1.body.asOf).toMatchObject({ position: then.reported.position, events: 7 });
    });
  });

  describe('what it refuses', () => {
    it.each([
      ['asOf=yesterday', 400, 'VALIDATION_FAILED', ['asOf']],
      ['asOf=2026-02-30', 400, 'VALIDATION_FAILED', ['asOf']],
      ['asOfPosition=-1', 400, 'VALIDATION_FAILED', ['asOfPosition']],
      ['asHappenedBy=2026-1-31', 400, 'VALIDATION_FAILED', ['asHappenedBy']],
      ['asOf=2026-11-20&asOfPosition=1', 400, 'VALIDATION_FAILED', ['asOf', 'asOfPosition']],
      ['asOf=2026-11-20&waitFor=1', 400, 'VALIDATION_FAILED', ['waitFor']],
      ['asOf=2026-11-25', 422, 'AS_OF_IN_FUTURE', ['asOf']],
      ['asOf=2026-11-24T23:00:00-05:00', 422, 'AS_OF_IN_FUTURE', ['asOf']],
      ['asOfPosition=99999999999999', 422, 'AS_OF_IN_FUTURE', ['asOfPosition']],
      ['asof=2026-11-20', 400, 'VALIDATION_FAILED', []],
    ])('?%s → %i %s naming the field', async (query, status, code, fields) => {
      const res = await get(`/api/commitments/${ID}?${query}`);
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
      expect(res.body.messages).toEqual({ es: expect.any(String), en: expect.any(String) });
      for (const field of fields) {
        expect(res.body.errors.map((e: any) => e.field)).toContain(field);
      }
    });

    it('a diff needs its earlier end first', async () => {
      const none = await get(`/api/commitments/${ID}/diff`);
      expect(none.status).toBe(400);
      expect(none.body.errors.map((e: any) => e.field)).toEqual(['from']);
      const reversed = await get(
        `/api/commitments/${ID}/diff?fromPosition=${then.now.position}&toPosition=${then.signed.position}`,
      );
      expect(reversed.status).toBe(400);
      expect(reversed.body.errors.map((e: any) => e.field)).toEqual(['fromPosition', 'toPosition']);
      const beforeAll = await get(`/api/commitments/${ID}/diff?from=2026-11-19&to=2026-11-19`);
      expect(beforeAll.status).toBe(404);
      expect(beforeAll.body).toMatchObject({ code: 'NOT_FOUND_AS_OF', errors: [{ field: 'to' }] });
    });
  });
  describe('fold checkpoints built in the background', () => {
    it('given a new commitment no past view has asked for, then the API builds its checkpoints by itself after the projections apply it', async () => {
      const folds = api.app.get(TimeTravelFolds);
      const other = 'tt-segundo';
      await commitmentInImplementation(api, other, 2);
      const counts = () =>
        folds.file
          .marks(foldOf(commitmentDetailProjection), `commitment-${other}`)
          .map((mark) => mark.count);
      // No request asks; the background looks a second after the projections apply events.
      for (let waited = 0; counts().length < 2 && waited < 20_000; waited += 100) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(counts()).toEqual([6, 3]);
    });
  });
});
