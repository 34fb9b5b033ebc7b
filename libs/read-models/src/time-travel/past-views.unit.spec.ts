import type { RecordedInAll } from '@hitos/projections';
import {
  actionPlanRegistered,
  actors,
  administratorDesignated,
  COMMITMENT_ID,
  commitmentDrafted,
  counterpartSigned,
  evidence,
  FAE_ID,
  FakeAll,
  fundacionAlianzaRegistered,
  institutionSigned,
  actaSigned,
  MDT_ID,
  milestones,
  ministerioDelTrabajoRegistered,
  OTHER_INSTITUTION_ID,
  OTHER_ORGANIZATION_ID,
  PLAN_ID,
  ProjectionSpecification,
  RESERVED_URL,
  sercopRegistered,
  transferSteps,
} from '@hitos/testing';
import { commitmentDetailProjection } from '../commitment-detail/commitment-detail.projection';
import { getCommitmentDetail } from '../commitment-detail/commitment-detail.queries';
import { PUBLIC_READER, type Reader } from '../reader';
import { knownAt, type KnowledgeCut, type KnownHistory } from './known-history';
import { parseMoment } from './moment';
import {
  commitmentFromHistory,
  planDashboardFromHistory,
  portfolioFromHistory,
  type PastRequest,
} from './past-views';

const STREAM = `commitment-${COMMITMENT_ID}`;
const MDT: Reader = { role: 'institution', organizationId: MDT_ID };
const SERCOP: Reader = { role: 'institution', organizationId: OTHER_INSTITUTION_ID };
const FAE: Reader = { role: 'counterpart', organizationId: FAE_ID };
const FARO: Reader = { role: 'counterpart', organizationId: OTHER_ORGANIZATION_ID };

/**
 * The acta's commitment as hitos recorded it: registered on 2 January, drafted on 10 January,
 * its acta signed on 28 January but entered only on 10 February (back-dated), a report with
 * reserved evidence on 15 March endorsed on 20 March, then a redesign moves it to SERCOP
 * (handover acknowledged on 25 August).
 */
function world(): FakeAll {
  const all = new FakeAll();
  const at = (day: string) => ({ at: `${day}T15:00:00.000Z` });
  all.record(`plan-${PLAN_ID}`, actionPlanRegistered, at('2026-01-02'));
  all.record('institution-mdt', ministerioDelTrabajoRegistered, at('2026-01-02'));
  all.record('institution-sercop', sercopRegistered, at('2026-01-02'));
  all.record(`organization-${FAE_ID}`, fundacionAlianzaRegistered, at('2026-01-02'));
  for (const event of [
    commitmentDrafted,
    milestones.diagnosis,
    milestones.standards,
    milestones.feedback,
    administratorDesignated,
  ]) {
    all.record(STREAM, event, { ...at('2026-01-10'), actor: actors.mdt });
  }
  all.record(STREAM, institutionSigned, { ...at('2026-02-10'), actor: actors.mdt });
  all.record(STREAM, counterpartSigned, { ...at('2026-02-10'), actor: actors.fae });
  all.record(STREAM, actaSigned, { ...at('2026-02-10'), actor: actors.fae });
  all.record(
    STREAM,
    {
      type: 'MilestoneProgressReported',
      data: {
        reportId: 'r1',
        milestoneId: 'h1',
        percent: 40,
        narrative: 'Diagnóstico en curso',
        evidence: [evidence(), { ...evidence(), url: RESERVED_URL, classification: 'reserved' }],
        reportedOn: '2026-03-15',
      },
    },
    { ...at('2026-03-15'), actor: actors.mdt },
  );
  all.record(
    STREAM,
    {
      type: 'ProgressReportReviewed',
      data: { reportId: 'r1', milestoneId: 'h1', verdict: 'endorsed', reviewedOn: '2026-03-20' },
    },
    { ...at('2026-03-20'), actor: actors.fae },
  );
  const steps: [{ type: string; data: unknown }, string][] = [
    [transferSteps.marked(), '2026-07-01'],
    [transferSteps.concurred(), '2026-07-10'],
    [transferSteps.transferred(), '2026-08-05'],
    [transferSteps.acknowledged(), '2026-08-25'],
  ];
  for (const [event, day] of steps)
    all.record(STREAM, event, { ...at(day), actor: actors.presidency });
  return all;
}

const everything = (all: FakeAll): KnownHistory => {
  const events = all.events;
  return { events, position: events[events.length - 1].at.commit, bound: null };
};
const on = (date: string): KnowledgeCut => ({ recordedBy: parseMoment(date)!.instant });
const commitmentStreams = (history: KnownHistory): KnownHistory => {
  const events = history.events.filter((e) => e.streamId === STREAM);
  return { events, position: events[events.length - 1]?.at.commit ?? null, bound: history.bound };
};

describe('a commitment as hitos knew it, and as it happened', () => {
  const spec = ProjectionSpecification.for(commitmentDetailProjection);
  const all = world();
  const full = commitmentStreams(everything(all));
  const past = (request: PastRequest, reader: Reader = PUBLIC_READER, partiesNow = sercopNow) =>
    commitmentFromHistory(
      COMMITMENT_ID,
      knownAt(full, request.cut),
      request,
      reader,
      partiesNow,
      undefined,
    );
  const sercopNow = {
    responsible_institution_id: OTHER_INSTITUTION_ID,
    counterpart_organization_id: FAE_ID,
  };

  it('at each position of its stream, equals what the live model answered then, to each reader', () => {
    for (let i = 0; i < full.events.length; i++) {
      const then: RecordedInAll[] = all.events.slice(0, all.events.indexOf(full.events[i]) + 1);
      const model = spec.given(then);
      for (const reader of [PUBLIC_READER, FAE]) {
        const view = past({ cut: { position: BigInt(full.events[i].at.commit) } }, reader).view;
        expect(view).toEqual(getCommitmentDetail(model.db, COMMITMENT_ID, reader));
      }
    }
  });

  it('as known on a date: what was recorded by the end of that day in Guayaquil; nothing before its drafting', () => {
    expect(past({ cut: on('2026-01-09') }).view).toBeNull();
    expect(past({ cut: on('2026-01-10') }).view?.status).toBe('Draft');
    expect(past({ cut: on('2026-02-09') }).view?.status).toBe('Draft');
    expect(past({ cut: on('2026-02-10') }).view).toMatchObject({
      status: 'InImplementation',
      acta: { signedOn: '2026-01-28' },
    });
    const early = past({ cut: on('2026-02-09') });
    expect(early.scope).toEqual({
      position: full.events[4].at.commit,
      events: 5,
      notYetHappened: 0,
    });
  });

  it('as it happened: the acta signed on 28 January, entered on 10 February, is signed by 31 January', () => {
    const known = past({ cut: on('2026-01-31') }).view;
    const happened = past({ cut: {}, happenedBy: '2026-01-31' });
    expect(known?.status).toBe('Draft');
    expect(happened.view).toMatchObject({
      status: 'InImplementation',
      acta: { signedOn: '2026-01-28' },
      administrator: expect.objectContaining({ name: administratorDesignated.data.name }),
    });
    expect(happened.view?.milestones.map((m) => m.milestoneId)).toEqual(['h1', 'h2', 'h3']);
    expect(happened.scope.notYetHappened).toBe(full.events.length - 8);
    // Drafted on 10 January: a draft the day before the signature, nothing the day before that.
    expect(past({ cut: {}, happenedBy: '2026-01-27' }).view?.status).toBe('Draft');
    expect(past({ cut: {}, happenedBy: '2026-01-09' }).view).toBeNull();
    // Both at once: as hitos knew it on 31 January, what had happened by then.
    expect(past({ cut: on('2026-01-31'), happenedBy: '2026-01-31' }).view?.status).toBe('Draft');
  });

  it('keeps reserved evidence from the public in every past state, and shows it to the parties of then and of now', () => {
    const beforeHandover = on('2026-07-31');
    const text = (reader: Reader, cut: KnowledgeCut) => JSON.stringify(past({ cut }, reader).view);
    expect(text(PUBLIC_READER, beforeHandover)).not.toContain(RESERVED_URL);
    expect(past({ cut: beforeHandover }).view?.withheldEvidence).toBe(1);
    expect(text(FARO, beforeHandover)).not.toContain(RESERVED_URL);
    // MDT was responsible then; SERCOP is now; the counterpart always.
    for (const reader of [MDT, SERCOP, FAE, { role: 'auditor' } as Reader]) {
      expect(text(reader, beforeHandover)).toContain(RESERVED_URL);
    }
    // After the handover MDT is no longer a party, as in the present view.
    expect(text(MDT, {})).not.toContain(RESERVED_URL);
    expect(text(SERCOP, {})).toContain(RESERVED_URL);
  });
});

describe('a plan’s dashboard and an institution’s portfolio in the past', () => {
  const all = world();
  const full = everything(all);

  it('counts the plan’s commitments as they stood, known or happened', () => {
    const dashboard = (request: PastRequest) =>
      planDashboardFromHistory(PLAN_ID, knownAt(full, request.cut), request, undefined).dashboard;
    expect(dashboard({ cut: on('2026-01-01') })).toBeNull();
    expect(dashboard({ cut: on('2026-01-31') })).toMatchObject({
      commitments: 1,
      byStatus: { Draft: 1 },
    });
    expect(dashboard({ cut: {}, happenedBy: '2026-01-31' })).toMatchObject({
      commitments: 1,
      byStatus: { InImplementation: 1 },
    });
    expect(dashboard({ cut: on('2026-03-20') })?.overallProgress).toBeGreaterThan(0);
    expect(dashboard({ cut: on('2026-03-19') })?.overallProgress).toBe(0);
    expect(dashboard({ cut: {} })?.byInstitution.map((i) => i.institutionId)).toEqual(['sercop']);
    expect(dashboard({ cut: on('2026-08-24') })?.byInstitution.map((i) => i.institutionId)).toEqual(
      ['mdt'],
    );
  });

  it('gives an institution the commitments it was responsible for then, as a transfer moves them', () => {
    const portfolio = (institutionId: string, date: string) => {
      const request = { cut: on(date) };
      return portfolioFromHistory(
        institutionId,
        knownAt(full, request.cut),
        request,
        date,
        {},
        undefined,
      ).portfolio;
    };
    const ids = (p: ReturnType<typeof portfolio>) =>
      p?.commitments.items.map((c) => c.commitmentId);
    expect(ids(portfolio(MDT_ID, '2026-07-31'))).toEqual([COMMITMENT_ID]);
    expect(ids(portfolio(OTHER_INSTITUTION_ID, '2026-07-31'))).toEqual([]);
    expect(portfolio(OTHER_INSTITUTION_ID, '2026-08-10')?.incomingHandovers).toEqual([
      expect.objectContaining({ commitmentId: COMMITMENT_ID, daysWaiting: 40 }),
    ]);
    expect(ids(portfolio(MDT_ID, '2026-08-31'))).toEqual([]);
    expect(ids(portfolio(OTHER_INSTITUTION_ID, '2026-08-31'))).toEqual([COMMITMENT_ID]);
    expect(portfolio(MDT_ID, '2026-01-01')).toBeNull();
  });
});
