import { COMMITMENT_ID, actors, commitmentStateOf } from '@hitos/testing';
import type { CommitmentEvent } from '@hitos/domain';
import type { ProjectionStore } from '../../projection-store';
import { commitmentHistory } from '../../testing/commitment-history';
import { FakeAll, RESERVED_URL, actaWorld, applyAll, memoryStore } from '../testing';
import { commitmentDetailProjection } from './commitment-detail.projection';

describe('commitment-detail projection', () => {
  let store: ProjectionStore;
  beforeEach(() => {
    store = memoryStore(commitmentDetailProjection);
  });
  afterEach(() => store.close());

  const rows = (sql: string, ...params: unknown[]) => store.db.prepare(sql).all(...params);
  const one = (sql: string, ...params: unknown[]) => store.db.prepare(sql).get(...params);

  it('keeps the current state as columns and every child of the acta’s commitment', () => {
    const all = actaWorld();
    applyAll(store, all.events);
    const last = all.events[all.events.length - 1];
    expect(one('SELECT * FROM commitment WHERE commitment_id = ?', COMMITMENT_ID)).toMatchObject({
      plan_id: 'ec-paea-2026-2027',
      number: 7,
      status: 'InImplementation',
      // h1 (weight 30) endorsed at 60 → 18.
      progress: 18,
      responsible_institution_id: 'mdt',
      counterpart_organization_id: 'fundacion-alianza-estrategica',
      counterpart_sector: 'civil-society',
      acta_number: 'MDT-CDC-2026-001',
      acta_signed_on: '2026-01-28',
      acta_place: 'Distrito Metropolitano de Quito',
      period_start: '2026-01-01',
      period_end: '2027-12-31',
      revision: Number(last.revision),
      position: last.at.commit,
    });
    expect(
      rows(
        'SELECT pillar FROM commitment_pillar WHERE commitment_id = ? ORDER BY pillar',
        COMMITMENT_ID,
      ),
    ).toEqual([{ pillar: 'participation' }, { pillar: 'transparency' }]);
    expect(
      one(
        `SELECT baseline_start, baseline_due, start, due, slips, last_endorsed_percent,
                last_report_on, completed FROM commitment_milestone
          WHERE commitment_id = ? AND milestone_id = 'h2'`,
        COMMITMENT_ID,
      ),
    ).toEqual({
      baseline_start: '2026-07-01',
      baseline_due: '2027-03-31',
      start: '2026-07-01',
      due: '2027-05-31',
      slips: 1,
      last_endorsed_percent: 0,
      last_report_on: null,
      completed: 0,
    });
    expect(
      one(
        `SELECT last_endorsed_percent, last_report_on FROM commitment_milestone
          WHERE commitment_id = ? AND milestone_id = 'h1'`,
        COMMITMENT_ID,
      ),
    ).toEqual({ last_endorsed_percent: 60, last_report_on: '2026-04-10' });
    expect(
      rows(
        `SELECT report_id, percent, verdict, reasons, reviewed_on, answer FROM commitment_report
          WHERE commitment_id = ? ORDER BY report_id`,
        COMMITMENT_ID,
      ),
    ).toEqual([
      {
        report_id: 'r1',
        percent: 40,
        verdict: 'objected',
        reasons: 'La muestra no incluye servicios rurales',
        reviewed_on: '2026-03-20',
        answer: null,
      },
      {
        report_id: 'r2',
        percent: 60,
        verdict: 'endorsed',
        reasons: null,
        reviewed_on: '2026-04-15',
        answer: null,
      },
    ]);
    expect(
      rows(
        `SELECT report_id, url, classification FROM commitment_evidence
          WHERE commitment_id = ? ORDER BY report_id, seq`,
        COMMITMENT_ID,
      ),
    ).toEqual([
      expect.objectContaining({ report_id: 'r1', classification: 'public' }),
      { report_id: 'r1', url: RESERVED_URL, classification: 'reserved' },
      expect.objectContaining({ report_id: 'r2', classification: 'confidential' }),
    ]);
    expect(rows('SELECT party FROM commitment_signature ORDER BY party')).toEqual([
      { party: 'counterpart' },
      { party: 'institution' },
    ]);
    expect(one('SELECT kind, amount, budget_certification FROM commitment_resource')).toEqual({
      kind: 'financial',
      amount: 25000,
      budget_certification: 'CP-2026-0042',
    });
    expect(
      rows('SELECT audience, classification FROM commitment_submitted_report ORDER BY report_id'),
    ).toEqual([
      { audience: 'presidency', classification: 'reserved' },
      { audience: 'citizens', classification: 'public' },
    ]);
    expect(
      one('SELECT justification, slips, concurrence_reference FROM commitment_reschedule'),
    ).toEqual({
      justification: 'Retraso en la contratación de la consultoría',
      slips: 1,
      concurrence_reference: 'Acta GN-2026-04',
    });
    expect(rows('SELECT status, since FROM commitment_status_history ORDER BY seq')).toEqual([
      { status: 'Draft', since: '2026-06-15' },
      { status: 'InImplementation', since: '2026-01-28' },
    ]);
  });

  it('records answers beside objections, completion, closure with its evidence and the IRM', () => {
    const all = new FakeAll();
    const history = commitmentHistory(7); // objected then answered, finished, closed
    all.commitment('c7', history);
    all.commitment(
      'c7',
      [
        {
          type: 'IrmAssessmentRecorded',
          data: {
            assessmentId: 'irm-1',
            stage: 'results',
            verifiable: true,
            relevantToOgpValues: true,
            potentialForResults: 'substantial',
            completion: 'complete',
            earlyResults: 'moderate',
            narrative: 'Cumplido',
            assessedOn: '2028-01-15',
          },
        },
      ],
      actors.auditor,
    );
    applyAll(store, all.events);
    expect(
      one(`SELECT answer, answered_on FROM commitment_report WHERE report_id = 'r1-7'`),
    ).toEqual({ answer: 'Se adjunta', answered_on: '2026-06-20' });
    expect(
      one(`SELECT status, progress, completed_on FROM commitment WHERE commitment_id = 'c7'`),
    ).toEqual({ status: 'Closed', progress: 100, completed_on: '2027-12-01' });
    expect(one('SELECT completion, closed_on, co_signatory_name FROM commitment_closure')).toEqual({
      completion: 'complete',
      closed_on: '2027-12-10',
      co_signatory_name: 'Carlos Vinueza',
    });
    expect(one('SELECT stage, verifiable, early_results FROM commitment_irm_assessment')).toEqual({
      stage: 'results',
      verifiable: 1,
      early_results: 'moderate',
    });
    expect(
      rows(`SELECT status FROM commitment_status_history WHERE commitment_id = 'c7' ORDER BY seq`),
    ).toEqual(['Draft', 'InImplementation', 'Completed', 'Closed'].map((status) => ({ status })));
  });

  it('agrees with the domain fold on status and progress across many histories', () => {
    const all = new FakeAll();
    for (let i = 0; i < 20; i++) all.commitment(`c${i}`, commitmentHistory(i));
    applyAll(store, all.events);
    for (let i = 0; i < 20; i++) {
      const state = commitmentStateOf(commitmentHistory(i)) as { status: string; progress: number };
      expect(
        one('SELECT status, progress FROM commitment WHERE commitment_id = ?', `c${i}`),
      ).toEqual({ status: state.status, progress: state.progress });
    }
  });

  it('withdraws with the reason and date', () => {
    const all = new FakeAll();
    all.commitment('c4', commitmentHistory(4));
    applyAll(store, all.events);
    expect(
      one(
        `SELECT status, withdrawal_reason, withdrawn_on FROM commitment WHERE commitment_id = 'c4'`,
      ),
    ).toEqual({ status: 'Withdrawn', withdrawal_reason: 'Rediseño', withdrawn_on: '2026-09-01' });
  });

  it('applies an event once in effect: a replay through the store changes nothing', () => {
    const all = actaWorld();
    applyAll(store, all.events);
    const dump = () =>
      [
        'commitment',
        'commitment_milestone',
        'commitment_report',
        'commitment_evidence',
        'commitment_status_history',
        'commitment_submitted_report',
      ].map((table) => rows(`SELECT * FROM ${table} ORDER BY 1, 2`));
    const before = dump();
    applyAll(store, all.events.slice(-5));
    applyAll(store, all.events);
    expect(dump()).toEqual(before);
  });

  it('ignores commitment event types on streams of another category', () => {
    const all = new FakeAll();
    all.record('plan-x', commitmentHistory(0)[0] as CommitmentEvent);
    applyAll(store, all.events);
    expect(one('SELECT COUNT(*) AS n FROM commitment')).toEqual({ n: 0 });
  });
});
