import {
  actaWorld,
  actors,
  COMMITMENT_ID,
  commitmentDrafted,
  commitmentHistory,
  commitmentStateOf,
  CONFIDENTIAL_URL,
  engine,
  FAE_ID,
  type FakeAll,
  MDT_ID,
  PLAN_ID,
  type ProjectionModel,
  ProjectionSpecification,
  RECEIVING_UNIT,
  RESERVED_REPORT_TITLE,
  RESERVED_URL,
  transferSteps,
} from '@hitos/testing';
import { commitmentDetailProjection } from './commitment-detail.projection';
import { getCommitmentDetail, listCommitments } from './commitment-detail.queries';
import { institutionPortfolio, reviewQueue, transferQueue } from './portfolio.queries';
import { readModelPosition } from '@hitos/projections';
import { PUBLIC_READER, type Reader } from '../reader';

const PARTIES: Reader[] = [
  { role: 'institution', organizationId: MDT_ID },
  { role: 'counterpart', organizationId: FAE_ID },
  { role: 'presidency' },
  { role: 'auditor' },
];
const OUTSIDERS: Reader[] = [
  PUBLIC_READER,
  { role: 'core-group' },
  { role: 'institution', organizationId: 'sercop' },
  { role: 'counterpart', organizationId: 'grupo-faro' },
  // A token without an organization matches no party.
  { role: 'institution' },
];
const SECRETS = [
  RESERVED_URL,
  CONFIDENTIAL_URL,
  RESERVED_REPORT_TITLE,
  // Texts of reports whose narrative is classified, and the reasons that inherit it.
  'Diagnóstico en curso',
  'La muestra no incluye servicios rurales',
  'Se amplió la muestra',
  'Inicio de estándares',
];

describe('queries over commitment-detail', () => {
  const spec = ProjectionSpecification.for(commitmentDetailProjection);
  let model: ProjectionModel;
  beforeEach(() => {
    model = spec.given();
    const all = actaWorld();
    // An unreviewed claim on h3, for the review queue.
    all.commitment(COMMITMENT_ID, [
      {
        type: 'MilestoneProgressReported',
        data: {
          reportId: 'r3',
          milestoneId: 'h2',
          percent: 10,
          narrative: 'Inicio de estándares',
          evidence: [
            {
              title: 'Borrador',
              url: RESERVED_URL,
              sha256: null,
              classification: 'reserved',
            },
            { title: 'Nota', url: 'https://mdt.gob.ec/nota.pdf', classification: 'public' },
          ],
          reportedOn: '2026-05-20',
        },
      },
    ]);
    for (let i = 0; i < 6; i++) all.commitment(`c${i}`, commitmentHistory(i), actors.mdt);
    all.commitment('sercop-1', [
      {
        type: 'CommitmentDrafted',
        data: {
          ...commitmentDrafted.data,
          number: 30,
          responsible: { institutionId: 'sercop', unit: 'Dirección de Innovación' },
          counterpart: { organizationId: 'grupo-faro', sector: 'civil-society' },
          relevance: { accountability: 'Rinde cuentas.' },
        },
      },
    ]);
    model.when(all.events);
  });

  describe('listCommitments', () => {
    it('filters by plan, institution, counterpart, status and pillar, and paginates', () => {
      const everything = listCommitments(model.db, { planId: PLAN_ID }, { limit: 3 });
      expect(everything.total).toBe(8);
      expect(everything.items.map((c) => c.number)).toEqual([1, 2, 3]);
      expect(
        listCommitments(model.db, { planId: PLAN_ID }, { limit: 3, offset: 6 }).items.map(
          (c) => c.number,
        ),
      ).toEqual([7, 30]);
      expect(listCommitments(model.db, { institutionId: 'sercop' }).items).toEqual([
        expect.objectContaining({
          commitmentId: 'sercop-1',
          status: 'Draft',
          pillars: ['accountability'],
          counterpart: { organizationId: 'grupo-faro', sector: 'civil-society' },
        }),
      ]);
      expect(listCommitments(model.db, { counterpartId: FAE_ID }).total).toBe(7);
      expect(listCommitments(model.db, { pillar: 'accountability' }).total).toBe(1);
      expect(listCommitments(model.db, { pillar: 'transparency' }).total).toBe(7);
      expect(
        listCommitments(model.db, { status: 'Withdrawn' }).items.map((c) => c.commitmentId),
      ).toEqual(['c4']);
      expect(listCommitments(model.db, { status: ['Closed', 'Draft'] }).total).toBe(2);
      expect(listCommitments(model.db, { status: [] }).total).toBe(0);
      expect(listCommitments(model.db, {}, { limit: 10_000 }).limit).toBe(500);
    });

    it('says which $all position the model reflects', () => {
      const last = listCommitments(model.db).items.reduce(
        (max, c) => (BigInt(c.position) > max ? BigInt(c.position) : max),
        0n,
      );
      expect(readModelPosition(model.db)).toBe(String(last));
    });
  });

  describe('getCommitmentDetail', () => {
    it('assembles the commitment with baseline and current dates and objections beside claims', () => {
      const detail = getCommitmentDetail(model.db, COMMITMENT_ID, { role: 'presidency' })!;
      expect(detail).toMatchObject({
        commitmentId: COMMITMENT_ID,
        planId: PLAN_ID,
        number: 7,
        status: 'InImplementation',
        progress: 18,
        responsible: { institutionId: MDT_ID },
        acta: {
          actaNumber: 'MDT-CDC-2026-001',
          signedOn: '2026-01-28',
          place: 'Distrito Metropolitano de Quito',
        },
        administrator: { name: 'Paola Benítez' },
        signatures: {
          institution: { signatory: { name: 'Roberto Salazar', position: 'Ministro del Trabajo' } },
          counterpart: { signatory: { name: 'Carlos Vinueza' } },
        },
        resources: [
          {
            resourceId: 'rec-1',
            kind: 'financial',
            estimatedAmount: { amount: 25000, currency: 'USD' },
            budgetCertification: 'CP-2026-0042',
          },
        ],
        statusHistory: [
          { status: 'Draft', since: '2026-06-15' },
          { status: 'InImplementation', since: '2026-01-28' },
        ],
        closure: null,
        withdrawal: null,
        withheldEvidence: 0,
        withheldReports: 0,
        withheldTexts: 0,
      });
      const [h1, h2] = detail.milestones;
      expect(h2).toMatchObject({
        milestoneId: 'h2',
        baselineStart: '2026-07-01',
        baselineDue: '2027-03-31',
        start: '2026-07-01',
        due: '2027-05-31',
        slips: 1,
        reschedules: [
          {
            justification: 'Retraso en la contratación de la consultoría',
            concurrence: { reference: 'Acta GN-2026-04' },
          },
        ],
      });
      expect(h1.reports.map((r) => [r.reportId, r.review?.verdict, r.openObjection])).toEqual([
        ['r1', 'objected', true],
        ['r2', 'endorsed', false],
      ]);
      expect(h1.reports[0].review).toEqual({
        verdict: 'objected',
        reasons: 'La muestra no incluye servicios rurales',
        reviewedOn: '2026-03-20',
        // A v1 review names none: it inherits its report's.
        classification: 'reserved',
        withheld: false,
        round: 1,
      });
      expect(h1.reports[0].evidence.map((e) => e.classification)).toEqual(['public', 'reserved']);
      expect(detail.submittedReports.map((r) => r.reportId)).toEqual(['inf-1', 'inf-2']);
      expect(detail.relevance).toEqual(commitmentDrafted.data.relevance);
    });

    it('agrees with the domain fold, field by field, for varied histories', () => {
      const folded = (i: number) => commitmentStateOf(commitmentHistory(i)) as any;
      // The view says, part by part, whether it withheld it; the fold has no reader.
      const bare = ({ withheld: _withheld, ...rest }: any) => rest;
      // The fold's rounds carry their verdict and round; the view's say it by where they are.
      const reply = ({ withheld: _withheld, verdict: _verdict, round: _round, ...rest }: any) =>
        rest;
      for (let i = 0; i < 6; i++) {
        const state = folded(i);
        const detail = getCommitmentDetail(model.db, `c${i}`, { role: 'auditor' })!;
        const pick = (c: any) => ({
          status: c.status,
          progress: c.progress,
          completedOn: c.completedOn,
          withdrawal: c.withdrawal,
          closedOn: c.closure?.closedOn ?? null,
          milestones: c.milestones.map((m: any) => ({
            milestoneId: m.milestoneId,
            baselineStart: m.baselineStart,
            baselineDue: m.baselineDue,
            start: m.start,
            due: m.due,
            slips: m.slips,
            lastEndorsedPercent: m.lastEndorsedPercent,
            completed: m.completed,
            completedOn: m.completedOn,
            reports: m.reports.map((r: any) => ({
              reportId: r.reportId,
              percent: r.percent,
              narrative: r.narrative,
              classification: r.classification,
              evidence: r.evidence.map(bare),
              review: r.review && bare(r.review),
              answer: r.answer && bare(r.answer),
              reviewStatus: r.reviewStatus,
              rounds: r.rounds.map((round: any) => ({
                round: round.round,
                objection: reply(round.objection),
                answer: round.answer && reply(round.answer),
              })),
              endorsement: r.endorsement && {
                ...reply(r.endorsement),
                round: r.endorsement.round,
              },
            })),
          })),
        });
        expect(pick(detail)).toEqual(pick(state));
      }
    });

    it('shows an answer beside its objection, the closure and the withdrawal', () => {
      const closed = getCommitmentDetail(model.db, 'c1', PUBLIC_READER)!;
      expect(closed.milestones[0].reports[0]).toMatchObject({
        review: { verdict: 'objected' },
        answer: { answer: 'Se adjunta', answeredOn: '2026-06-20' },
        openObjection: false,
      });
      expect(getCommitmentDetail(model.db, 'c0', PUBLIC_READER)!.closure).toMatchObject({
        completion: 'complete',
        counterpartCoSignature: { name: 'Carlos Vinueza' },
        evidence: [],
      });
      expect(getCommitmentDetail(model.db, 'c4', PUBLIC_READER)!.withdrawal).toEqual({
        reason: 'Rediseño',
        withdrawnOn: '2026-09-01',
      });
      expect(getCommitmentDetail(model.db, 'nada', PUBLIC_READER)).toBeNull();
    });

    it('withholds classified evidence, texts and reports from outsiders in place, and counts agree', () => {
      for (const reader of OUTSIDERS) {
        const detail = getCommitmentDetail(model.db, COMMITMENT_ID, reader)!;
        expect({
          reader,
          withheld: [detail.withheldEvidence, detail.withheldReports, detail.withheldTexts],
        }).toEqual({ reader, withheld: [3, 1, 4] });
        // Stubs stay where they were: nothing is a gap.
        expect(detail.submittedReports).toEqual([
          {
            reportId: 'inf-1',
            audience: 'presidency',
            submittedBy: 'institution',
            title: null,
            summary: null,
            link: null,
            classification: 'reserved',
            submittedOn: '2026-04-30',
            withheld: true,
          },
          expect.objectContaining({ reportId: 'inf-2', withheld: false }),
        ]);
        const [r1, r2] = detail.milestones[0].reports;
        expect(r1.evidence).toEqual([
          expect.objectContaining({ classification: 'public', withheld: false }),
          { title: null, url: null, sha256: null, classification: 'reserved', withheld: true },
        ]);
        expect(r1).toMatchObject({
          narrative: null,
          classification: 'reserved',
          withheld: true,
          percent: 40,
          review: {
            verdict: 'objected',
            reasons: null,
            classification: 'reserved',
            withheld: true,
          },
        });
        expect(r2).toMatchObject({
          narrative: null,
          withheld: true,
          review: { verdict: 'endorsed', reasons: null, withheld: false },
        });
        // The counts are the stubs, one by one; `review` and `answer` repeat the latest round's
        // texts (shown or withheld in `rounds` and `endorsement`), so each counts once.
        const parts = JSON.stringify({
          ...detail,
          milestones: detail.milestones.map((m) => ({
            ...m,
            reports: m.reports.map(({ review: _review, answer: _answer, ...report }) => report),
          })),
        });
        const stubs = (parts.match(/"withheld":true/g) ?? []).length;
        expect(stubs).toBe(detail.withheldEvidence + detail.withheldReports + detail.withheldTexts);
      }
      for (const reader of PARTIES) {
        const detail = getCommitmentDetail(model.db, COMMITMENT_ID, reader)!;
        expect([detail.withheldEvidence, detail.withheldReports, detail.withheldTexts]).toEqual([
          0, 0, 0,
        ]);
        expect(JSON.stringify(detail)).not.toContain('"withheld":true');
        expect(detail.milestones[0].reports[0].narrative).toBe('Diagnóstico en curso');
      }
    });
  });

  describe('institutionPortfolio', () => {
    it('lists an institution’s commitments with counts by status and what waits on it', () => {
      const portfolio = institutionPortfolio(model.db, MDT_ID, {}, { limit: 2 });
      expect(portfolio.byStatus).toEqual({ InImplementation: 5, Closed: 1, Withdrawn: 1 });
      expect(portfolio.commitments.total).toBe(7);
      expect(portfolio.commitments.items).toHaveLength(2);
      const acta = institutionPortfolio(
        model.db,
        MDT_ID,
        { status: 'InImplementation' },
        {
          limit: 50,
        },
      ).commitments.items.find((c) => c.commitmentId === COMMITMENT_ID)!;
      expect(acta).toMatchObject({
        milestones: 3,
        completedMilestones: 0,
        unreviewedReports: 1,
        openObjections: 1,
      });
      expect(institutionPortfolio(model.db, 'sercop').meanProgress).toBe(0);
      expect(institutionPortfolio(model.db, 'nadie').meanProgress).toBeNull();
    });
  });

  describe('review in rounds', () => {
    const SECOND_REASONS = 'Los servicios rurales siguen sin validación territorial';
    const FIRST_ANSWER = 'Se incluyen 12 servicios rurales';
    const PUBLIC_ANSWER = 'Se publicó la validación territorial';
    let rounds: ProjectionModel;
    beforeEach(() => {
      rounds = spec.given();
      const all = actaWorld();
      // r1 (reserved narrative) was objected on 2026-03-20 in round 1; then:
      all.commitment(COMMITMENT_ID, [
        {
          type: 'ObjectionAnswered',
          data: {
            reportId: 'r1',
            milestoneId: 'h1',
            answer: FIRST_ANSWER,
            answeredOn: '2026-03-25',
            round: 1,
          },
        },
        {
          type: 'ProgressReportReviewed',
          data: {
            reportId: 'r1',
            milestoneId: 'h1',
            verdict: 'objected',
            reasons: SECOND_REASONS,
            reviewedOn: '2026-03-28',
            classification: 'reserved',
            round: 2,
          },
        },
        {
          type: 'ObjectionAnswered',
          data: {
            reportId: 'r1',
            milestoneId: 'h1',
            answer: PUBLIC_ANSWER,
            answeredOn: '2026-04-02',
            classification: 'public',
            round: 2,
          },
        },
        {
          type: 'ProgressReportReviewed',
          data: {
            reportId: 'r1',
            milestoneId: 'h1',
            verdict: 'endorsed',
            reviewedOn: '2026-04-05',
            classification: 'reserved',
            round: 3,
          },
        },
      ]);
      rounds.when(all.events);
    });
    const r1 = (reader: Reader) =>
      getCommitmentDetail(rounds.db, COMMITMENT_ID, reader)!.milestones[0].reports[0];

    it('shows the whole exchange to the parties, round by round, and the endorsement', () => {
      for (const reader of PARTIES) {
        expect(r1(reader)).toMatchObject({
          reviewStatus: 'endorsed',
          rounds: [
            {
              round: 1,
              objection: {
                reasons: 'La muestra no incluye servicios rurales',
                reviewedOn: '2026-03-20',
                classification: 'reserved',
                withheld: false,
              },
              answer: {
                answer: FIRST_ANSWER,
                answeredOn: '2026-03-25',
                classification: 'reserved',
              },
            },
            {
              round: 2,
              objection: { reasons: SECOND_REASONS, reviewedOn: '2026-03-28' },
              answer: { answer: PUBLIC_ANSWER, answeredOn: '2026-04-02', classification: 'public' },
            },
          ],
          endorsement: { reasons: null, reviewedOn: '2026-04-05', round: 3, withheld: false },
          review: { verdict: 'endorsed', round: 3 },
          answer: { answer: PUBLIC_ANSWER },
          openObjection: false,
        });
      }
      // An endorsement after two rounds counts towards progress as a first-round one does.
      expect(
        getCommitmentDetail(rounds.db, COMMITMENT_ID, PUBLIC_READER)!.milestones[0]
          .lastEndorsedPercent,
      ).toBe(60);
    });

    it('withholds every round’s classified reasons and answers from outsiders, in place', () => {
      for (const reader of OUTSIDERS) {
        const detail = getCommitmentDetail(rounds.db, COMMITMENT_ID, reader)!;
        const report = detail.milestones[0].reports[0];
        expect(report.rounds).toEqual([
          {
            round: 1,
            objection: {
              reasons: null,
              reviewedOn: '2026-03-20',
              classification: 'reserved',
              withheld: true,
            },
            answer: {
              answer: null,
              answeredOn: '2026-03-25',
              classification: 'reserved',
              withheld: true,
            },
          },
          {
            round: 2,
            objection: {
              reasons: null,
              reviewedOn: '2026-03-28',
              classification: 'reserved',
              withheld: true,
            },
            answer: {
              answer: PUBLIC_ANSWER,
              answeredOn: '2026-04-02',
              classification: 'public',
              withheld: false,
            },
          },
        ]);
        const text = JSON.stringify(detail);
        for (const secret of [SECOND_REASONS, FIRST_ANSWER]) expect(text).not.toContain(secret);
        const parts = JSON.stringify({
          ...detail,
          milestones: detail.milestones.map((m) => ({
            ...m,
            reports: m.reports.map(({ review: _review, answer: _answer, ...rest }) => rest),
          })),
        });
        expect((parts.match(/"withheld":true/g) ?? []).length).toBe(
          detail.withheldEvidence + detail.withheldReports + detail.withheldTexts,
        );
      }
    });
  });

  describe('reviewQueue', () => {
    it('lists unreviewed claims for a counterpart, evidence filtered by reader', () => {
      const queue = reviewQueue(model.db, { counterpartId: FAE_ID }, actors.fae);
      // r3 waits for its first review; c1, c3 and c5 each have a report whose objection the
      // institution answered, which the counterpart reviews again (round 2).
      expect(queue.items.map((item) => [item.reportId, item.reviewStatus, item.round])).toEqual([
        ['r3', 'pending-review', 1],
        ['r1-1', 'answered', 2],
        ['r1-3', 'answered', 2],
        ['r1-5', 'answered', 2],
      ]);
      expect(queue.items[0]).toMatchObject({
        commitmentId: COMMITMENT_ID,
        reportId: 'r3',
        milestoneId: 'h2',
        deliverable: 'Estándares de calidad publicados en datos abiertos',
        percent: 10,
        withheldEvidence: 0,
      });
      expect(queue.items[0].evidence).toHaveLength(2);
      const outsider = reviewQueue(model.db, { counterpartId: FAE_ID }, PUBLIC_READER);
      expect(outsider.items[0].evidence.map((e) => [e.classification, e.withheld])).toEqual([
        ['reserved', true],
        ['public', false],
      ]);
      expect(outsider.items[0]).toMatchObject({
        withheldEvidence: 1,
        narrative: null,
        classification: 'reserved',
        withheld: true,
        withheldTexts: 1,
      });
      expect(queue.items[0]).toMatchObject({ narrative: 'Inicio de estándares', withheld: false });
      expect(reviewQueue(model.db, { counterpartId: 'grupo-faro' }, actors.fae).total).toBe(0);
    });
  });

  describe('transferQueue', () => {
    /** c2 and c3 pending for MDT's redesign (c3 first); c3 transferred to SERCOP. */
    const pend = (all: FakeAll) => {
      const marked = transferSteps.marked();
      all.commitment(
        'c3',
        [{ ...marked, data: { ...marked.data, markedOn: '2026-06-20' } }] as any,
        actors.presidency,
      );
      all.commitment('c2', [marked] as any, actors.presidency);
      engine(all, 'c2', [transferSteps.decisionOverdue()]);
      all.commitment(
        'c3',
        [transferSteps.concurred('transfer'), transferSteps.transferred()] as any,
        actors.presidency,
      );
    };

    it('is empty until a commitment awaits a transfer', () => {
      expect(transferQueue(model.db, { planId: PLAN_ID })).toEqual({
        items: [],
        total: 0,
        limit: 50,
        offset: 0,
      });
    });

    it('lists pending and awaiting-handover commitments oldest first, with the redesign and decision', () => {
      const all = actaWorld();
      for (let i = 0; i < 6; i++) all.commitment(`c${i}`, commitmentHistory(i), actors.mdt);
      pend(all);
      model = spec.given(all.events);
      const queue = transferQueue(model.db, { planId: PLAN_ID, today: '2026-08-10' });
      expect(queue.total).toBe(2);
      expect(queue.items.map((i) => [i.commitmentId, i.status, i.daysWaiting])).toEqual([
        ['c3', 'AwaitingHandover', 51],
        ['c2', 'TransferPending', 40],
      ]);
      expect(queue.items[0]).toMatchObject({
        institutionId: MDT_ID,
        responsible: { institutionId: MDT_ID },
        redesign: {
          kind: 'merged',
          legalInstrument: 'Decreto Ejecutivo No. 123',
          effectiveOn: '2026-06-30',
        },
        pendingSince: '2026-06-20',
        concurrences: [
          expect.objectContaining({ decision: 'transfer', toInstitutionId: 'sercop' }),
        ],
        decision: {
          toInstitutionId: 'sercop',
          receivingUnit: RECEIVING_UNIT,
          reason: 'La competencia pasa al SERCOP.',
          decidedOn: '2026-08-05',
        },
        decisionOverdue: null,
        handoverOverdue: null,
      });
      expect(queue.items[1]).toMatchObject({
        decision: null,
        decisionOverdue: { dueOn: '2026-07-31', limitDays: 30, detectedOn: '2026-08-01' },
      });
      // The receiving institution finds what waits for its acknowledgement, by either filter.
      expect(
        transferQueue(model.db, { institutionId: 'sercop' }).items.map((i) => i.commitmentId),
      ).toEqual(['c3']);
      expect(
        institutionPortfolio(model.db, 'sercop').incomingHandovers.map((i) => i.commitmentId),
      ).toEqual(['c3']);
      expect(transferQueue(model.db, { planId: PLAN_ID }).items[0].daysWaiting).toBeNull();
    });

    it('moves the commitment to the receiving institution’s portfolio and review queue on acknowledgement', () => {
      const all = actaWorld();
      all.commitment(
        COMMITMENT_ID,
        [transferSteps.marked(), transferSteps.transferred()] as any,
        actors.presidency,
      );
      // An unreviewed claim, to follow into the review queue.
      all.commitment(COMMITMENT_ID, [
        {
          type: 'MilestoneProgressReported',
          data: {
            reportId: 'r9',
            milestoneId: 'h2',
            percent: 5,
            narrative: 'Antes del traspaso',
            evidence: [{ title: 'Borrador', url: RESERVED_URL, classification: 'reserved' }],
            reportedOn: '2026-08-01',
          },
        },
      ]);
      model = spec.given(all.events);
      expect(institutionPortfolio(model.db, MDT_ID).byStatus).toEqual({ AwaitingHandover: 1 });
      all.commitment(COMMITMENT_ID, [transferSteps.acknowledged()] as any, actors.otherInstitution);
      model.when(all.events);
      expect(transferQueue(model.db).total).toBe(0);
      expect(institutionPortfolio(model.db, MDT_ID).commitments.total).toBe(0);
      const sercop = institutionPortfolio(model.db, 'sercop');
      expect(sercop.byStatus).toEqual({ InImplementation: 1 });
      expect(sercop.commitments.items[0]).toMatchObject({
        commitmentId: COMMITMENT_ID,
        responsible: { institutionId: 'sercop', unit: RECEIVING_UNIT },
        unreviewedReports: 1,
      });
      expect(sercop.incomingHandovers).toEqual([]);
      expect(listCommitments(model.db, { institutionId: 'sercop' }).total).toBe(1);
      const queue = reviewQueue(
        model.db,
        { counterpartId: FAE_ID },
        { role: 'institution', organizationId: 'sercop' },
      );
      expect(queue.items[0]).toMatchObject({ institutionId: 'sercop', withheldEvidence: 0 });
      const formerly = reviewQueue(model.db, { counterpartId: FAE_ID }, actors.mdt);
      expect(formerly.items[0].withheldEvidence).toBe(1);
    });
  });

  it('never shows an outsider a reserved or confidential URL or report, in any query', () => {
    for (const reader of OUTSIDERS) {
      const outputs = [
        listCommitments(model.db, {}, { limit: 500 }),
        getCommitmentDetail(model.db, COMMITMENT_ID, reader),
        institutionPortfolio(model.db, MDT_ID),
        reviewQueue(model.db, {}, reader),
        transferQueue(model.db),
      ];
      const text = JSON.stringify(outputs);
      for (const secret of SECRETS)
        expect({ reader, leaked: text.includes(secret) }).toEqual({
          reader,
          leaked: false,
        });
    }
    const party = JSON.stringify(getCommitmentDetail(model.db, COMMITMENT_ID, actors.mdt));
    for (const secret of SECRETS) expect(party).toContain(secret);
  });
});
