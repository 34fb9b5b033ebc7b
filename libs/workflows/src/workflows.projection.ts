import {
  addDays,
  addMonths,
  DEADLINE_STATUSES,
  TRANSFERABLE_STATUSES,
  deadlineKey,
  milestoneDeadlinePrefixes,
  type ActaSigned,
  type CommitmentDrafted,
  type CommitmentEvent,
  type CommitmentMaintained,
  type CommitmentMarkedTransferPending,
  type CommitmentTransferred,
  type DeadlineEvent,
  type HitosEventOf,
  type InformationHandoverAcknowledged,
  type MilestoneCompleted,
  type MilestonePlanned,
  type MilestoneRescheduled,
  type QuestionAsked,
  type QuestionAnswered,
  type QuestionHidden,
  QUESTION_STATUSES,
  type ReachedDeadline,
  type ReportSubmitted,
} from '@hitos/domain';
import {
  defineProjection,
  type ProjectedEvent,
  type ProjectionContext,
  type ProjectionHandler,
} from '@hitos/projections';
import { policyFingerprint, type WorkflowPolicy } from './workflow-policy';

/**
 * The events that move a deadline the engine keeps, start a redesign's workflow or end it. A
 * handler for a type not listed, or a listed type without one, does not compile.
 */
type WorkflowsEvent = HitosEventOf<
  | 'CommitmentDrafted'
  | 'MilestonePlanned'
  | 'MilestoneRescheduled'
  | 'MilestoneCompleted'
  | 'ActaSigned'
  | 'CommitmentCompleted'
  | 'CommitmentClosed'
  | 'CommitmentWithdrawn'
  | 'ReportSubmitted'
  | 'CommitmentMarkedTransferPending'
  | 'CommitmentMaintained'
  | 'CommitmentTransferred'
  | 'InformationHandoverAcknowledged'
  | 'MilestoneDueSoon'
  | 'MilestoneOverdue'
  | 'CommitmentPeriodEnded'
  | 'ProgressReportDue'
  | 'ProgressReportOverdue'
  | 'TransferDecisionOverdue'
  | 'InformationHandoverOverdue'
  | 'QuestionAsked'
  | 'QuestionAnswered'
  | 'QuestionHidden'
  | 'QuestionAnswerOverdue'
  | 'InstitutionRedesigned'
  | 'RedesignHandlingCompleted'
>;

/** The model's name: its file is `<data>/projections/workflows.sqlite`. */
export const WORKFLOWS_PROJECTION = 'workflows';
const SCHEMA_VERSION = 2;

/** A deadline waiting for its day, as the engine reads it. */
export interface TimerRow {
  /** `<commitment id>|<deadline key>`: one row per deadline, and the source of its command id. */
  key: string;
  commitment_id: string;
  kind: ReachedDeadline['kind'];
  fires_on: string;
  /** The ReachedDeadline to record, as JSON. */
  deadline: string;
  /** The event that made the deadline exist: the command's causation. */
  cause_event_id: string;
  correlation_id: string;
}

/** A redesign whose workflow has not recorded its completion yet. */
export interface RedesignRow {
  event_id: string;
  institution_id: string;
  /** InstitutionRedesigned data, as JSON. */
  redesign: string;
  /** The commitments the institution held when the redesign was recorded, as a JSON array. */
  commitment_ids: string;
  correlation_id: string;
  position: string;
}

const SCHEMA = `
  -- What the timers and the redesign workflow need to know about each commitment.
  CREATE TABLE commitment (
    commitment_id TEXT PRIMARY KEY,
    institution_id TEXT NOT NULL,
    status TEXT NOT NULL,
    period_end TEXT NOT NULL,
    signed_on TEXT,
    pending_since TEXT,
    transferred_on TEXT
  );
  CREATE INDEX commitment_by_institution ON commitment (institution_id, status);
  CREATE TABLE milestone (
    commitment_id TEXT NOT NULL,
    milestone_id TEXT NOT NULL,
    due TEXT NOT NULL,
    completed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (commitment_id, milestone_id)
  );
  CREATE TABLE institution_report (commitment_id TEXT NOT NULL, submitted_on TEXT NOT NULL);
  CREATE INDEX institution_report_by_commitment ON institution_report (commitment_id, submitted_on);
  CREATE TABLE recorded_deadline (
    commitment_id TEXT NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (commitment_id, key)
  );
  CREATE TABLE timer (
    key TEXT PRIMARY KEY,
    commitment_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    fires_on TEXT NOT NULL,
    deadline TEXT NOT NULL,
    cause_event_id TEXT NOT NULL,
    correlation_id TEXT NOT NULL
  );
  CREATE INDEX timer_by_day ON timer (fires_on, key);
  CREATE INDEX timer_by_commitment ON timer (commitment_id);
  CREATE TABLE redesign (
    event_id TEXT PRIMARY KEY,
    institution_id TEXT NOT NULL,
    redesign TEXT NOT NULL,
    commitment_ids TEXT NOT NULL,
    correlation_id TEXT NOT NULL,
    position TEXT NOT NULL,
    done INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX redesign_open ON redesign (done, position);
  -- Citizens' questions still owed an answer (settled: answered or hidden).
  CREATE TABLE question (
    commitment_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    answer_due_on TEXT NOT NULL,
    settled INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (commitment_id, question_id)
  );
`;

const WORKING: readonly string[] = DEADLINE_STATUSES.working;
const OPEN: readonly string[] = DEADLINE_STATUSES.open;
const REPORTING: readonly string[] = DEADLINE_STATUSES.reporting;
/** Where a citizen's question is owed an answer (the domain's list). */
const QUESTIONS: readonly string[] = QUESTION_STATUSES;
/** What a redesign puts on hold (see MarkTransferPending). */
const TRANSFERABLE: readonly string[] = TRANSFERABLE_STATUSES;

interface CommitmentRow {
  commitment_id: string;
  institution_id: string;
  status: string;
  period_end: string;
  signed_on: string | null;
  pending_since: string | null;
  transferred_on: string | null;
}

interface DesiredTimer {
  key: string;
  kind: ReachedDeadline['kind'];
  firesOn: string;
  deadline: ReachedDeadline;
}

/** The deadline's key exactly as the domain records it once fired. */
const keyOf = (deadline: ReachedDeadline, recordedType: DeadlineEvent['type']): string =>
  deadlineKey({ type: recordedType, data: deadline } as unknown as DeadlineEvent);

function desiredTimers(
  context: ProjectionContext,
  commitment: CommitmentRow,
  policy: WorkflowPolicy,
): DesiredTimer[] {
  const id = commitment.commitment_id;
  const recorded = new Set(
    context
      .all<{ key: string }>('SELECT key FROM recorded_deadline WHERE commitment_id = ?', [id])
      .map((row) => row.key),
  );
  const out: DesiredTimer[] = [];
  const want = (deadline: ReachedDeadline, type: DeadlineEvent['type'], firesOn: string) => {
    const key = keyOf(deadline, type);
    if (!recorded.has(key)) out.push({ key, kind: deadline.kind, firesOn, deadline });
  };
  const { status } = commitment;

  if (WORKING.includes(status)) {
    const open = context.all<{ milestone_id: string; due: string }>(
      'SELECT milestone_id, due FROM milestone WHERE commitment_id = ? AND completed = 0',
      [id],
    );
    for (const { milestone_id: milestoneId, due } of open) {
      const overdue: ReachedDeadline = { kind: 'milestone-overdue', milestoneId, due };
      // Once overdue, a "due soon" reminder says nothing new.
      if (!recorded.has(keyOf(overdue, 'MilestoneOverdue')))
        want(
          {
            kind: 'milestone-due-soon',
            milestoneId,
            due,
            daysBefore: policy.milestoneDueSoonDays,
          },
          'MilestoneDueSoon',
          addDays(due, -policy.milestoneDueSoonDays),
        );
      want(overdue, 'MilestoneOverdue', addDays(due, 1));
    }
  }
  if (OPEN.includes(status))
    want(
      { kind: 'period-ended', periodEnd: commitment.period_end },
      'CommitmentPeriodEnded',
      addDays(commitment.period_end, 1),
    );
  if (REPORTING.includes(status) && commitment.signed_on) {
    const period = firstUnsettledReportingPeriod(context, commitment, recorded, policy);
    if (period) {
      const { periodStart, dueOn } = period;
      const cadenceMonths = policy.reportCadenceMonths;
      const overdue: ReachedDeadline = {
        kind: 'progress-report-overdue',
        periodStart,
        dueOn,
        cadenceMonths,
      };
      if (!recorded.has(keyOf(overdue, 'ProgressReportOverdue')))
        want(
          {
            kind: 'progress-report-due',
            periodStart,
            dueOn,
            cadenceMonths,
            daysBefore: policy.reportReminderDays,
          },
          'ProgressReportDue',
          addDays(dueOn, -policy.reportReminderDays),
        );
      want(overdue, 'ProgressReportOverdue', addDays(dueOn, 1));
    }
  }
  if (QUESTIONS.includes(status)) {
    const owed = context.all<{ question_id: string; answer_due_on: string }>(
      'SELECT question_id, answer_due_on FROM question WHERE commitment_id = ? AND settled = 0',
      [id],
    );
    for (const { question_id: questionId, answer_due_on: answerDueOn } of owed)
      want(
        { kind: 'question-answer-overdue', questionId, answerDueOn },
        'QuestionAnswerOverdue',
        addDays(answerDueOn, 1),
      );
  }
  if (status === 'TransferPending' && commitment.pending_since)
    want(
      {
        kind: 'transfer-decision-overdue',
        pendingSince: commitment.pending_since,
        limitDays: policy.transferDecisionDays,
      },
      'TransferDecisionOverdue',
      addDays(commitment.pending_since, policy.transferDecisionDays),
    );
  if (status === 'AwaitingHandover' && commitment.transferred_on)
    want(
      {
        kind: 'handover-overdue',
        transferredOn: commitment.transferred_on,
        limitDays: policy.handoverDays,
      },
      'InformationHandoverOverdue',
      addDays(commitment.transferred_on, policy.handoverDays),
    );
  return out;
}

/**
 * The reporting calendar runs every `reportCadenceMonths` from the acta's signature. A period is
 * settled by a report the institution submitted within it, or by its recorded overdue; only the
 * first unsettled one has timers, the next is scheduled when it settles.
 */
function firstUnsettledReportingPeriod(
  context: ProjectionContext,
  commitment: CommitmentRow,
  recorded: Set<string>,
  policy: WorkflowPolicy,
): { periodStart: string; dueOn: string } | null {
  const signedOn = commitment.signed_on as string;
  let periodStart = signedOn;
  // Bounded: a commitment lasts a few years; 600 periods is 50 years of monthly reports.
  for (let k = 1; k <= 600; k++) {
    const dueOn = addMonths(signedOn, k * policy.reportCadenceMonths);
    const overdueKey = `progress-report-overdue:${dueOn}`;
    const reported = context.get(
      `SELECT 1 FROM institution_report
        WHERE commitment_id = ? AND submitted_on >= ? AND submitted_on <= ? LIMIT 1`,
      [commitment.commitment_id, periodStart, dueOn],
    );
    if (!reported && !recorded.has(overdueKey)) return { periodStart, dueOn };
    periodStart = addDays(dueOn, 1);
  }
  return null;
}

/**
 * Brings the commitment's timers in line with its state: new deadlines get a row (citing the
 * event that made them), deadlines that no longer apply (completed, moved, settled, fired) lose it.
 */
function syncTimers(
  context: ProjectionContext,
  event: ProjectedEvent,
  commitmentId: string,
  policy: WorkflowPolicy,
) {
  const commitment = context.get<CommitmentRow>(
    'SELECT * FROM commitment WHERE commitment_id = ?',
    [commitmentId],
  );
  if (!commitment) return;
  const desired = new Map(
    desiredTimers(context, commitment, policy).map((t) => [`${commitmentId}|${t.key}`, t]),
  );
  const existing = context
    .all<{ key: string }>('SELECT key FROM timer WHERE commitment_id = ?', [commitmentId])
    .map((row) => row.key);
  for (const key of existing) {
    if (!desired.delete(key)) context.run('DELETE FROM timer WHERE key = ?', [key]);
  }
  const correlationId =
    typeof event.metadata.$correlationId === 'string' ? event.metadata.$correlationId : event.id;
  for (const [key, timer] of desired)
    context.run(
      `INSERT INTO timer (key, commitment_id, kind, fires_on, deadline, cause_event_id, correlation_id)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [
        key,
        commitmentId,
        timer.kind,
        timer.firesOn,
        JSON.stringify(timer.deadline),
        event.id,
        correlationId,
      ],
    );
}

const commitmentIdOf = (streamId: string) => streamId.slice('commitment-'.length);

/**
 * The engine's to-do list, derived from events like any read model (so it is rebuilt, and
 * survives restarts, like one): deadlines with the day each falls due, and redesigns whose
 * workflow has not finished. Each commitment's timers are recomputed from its rows after each of
 * its events. The policy is part of the model's meaning, hence of its version: a changed policy
 * rebuilds the model from `$all`.
 */
export function workflowsProjection(policy: WorkflowPolicy) {
  /** A commitment event: update the rows, then the timers. */
  const on =
    <E extends CommitmentEvent>(
      update: (context: ProjectionContext, data: E['data'], id: string) => void,
    ): ProjectionHandler<E> =>
    (context, event) => {
      if (!event.streamId.startsWith('commitment-')) return;
      const id = commitmentIdOf(event.streamId);
      update(context, event.data, id);
      syncTimers(context, event, id, policy);
    };
  const setStatus = (context: ProjectionContext, id: string, status: string) =>
    context.run('UPDATE commitment SET status = ? WHERE commitment_id = ?', [status, id]);
  const resync = on(() => undefined);
  const deadlineHandler =
    <E extends DeadlineEvent>(type: E['type']): ProjectionHandler<E> =>
    (context, event) => {
      if (!event.streamId.startsWith('commitment-')) return;
      context.run('INSERT OR IGNORE INTO recorded_deadline (commitment_id, key) VALUES (?, ?)', [
        commitmentIdOf(event.streamId),
        deadlineKey({ type, data: event.data } as DeadlineEvent),
      ]);
      resync(context, event);
    };

  return defineProjection<WorkflowsEvent>({
    name: WORKFLOWS_PROJECTION,
    version: SCHEMA_VERSION * 1_000_000 + policyFingerprint(policy),
    schema: SCHEMA,
    handlers: {
      CommitmentDrafted: on<CommitmentDrafted>((context, data, id) =>
        context.run(
          `INSERT OR REPLACE INTO commitment (commitment_id, institution_id, status, period_end)
           VALUES (?, ?, 'Draft', ?)`,
          [id, data.responsible.institutionId, data.period.end],
        ),
      ),
      MilestonePlanned: on<MilestonePlanned>((context, data, id) =>
        context.run(
          'INSERT OR REPLACE INTO milestone (commitment_id, milestone_id, due) VALUES (?, ?, ?)',
          [id, data.milestoneId, data.due],
        ),
      ),
      MilestoneRescheduled: on<MilestoneRescheduled>((context, data, id) => {
        context.run('UPDATE milestone SET due = ? WHERE commitment_id = ? AND milestone_id = ?', [
          data.due,
          id,
          data.milestoneId,
        ]);
        // As the domain does: a new schedule brings its deadlines back, even on an old date.
        for (const prefix of milestoneDeadlinePrefixes(data.milestoneId))
          context.run(
            'DELETE FROM recorded_deadline WHERE commitment_id = ? AND substr(key, 1, ?) = ?',
            [id, prefix.length, prefix],
          );
      }),
      MilestoneCompleted: on<MilestoneCompleted>((context, data, id) =>
        context.run(
          'UPDATE milestone SET completed = 1 WHERE commitment_id = ? AND milestone_id = ?',
          [id, data.milestoneId],
        ),
      ),
      ActaSigned: on<ActaSigned>((context, data, id) =>
        context.run(
          `UPDATE commitment SET status = 'InImplementation', signed_on = ? WHERE commitment_id = ?`,
          [data.signedOn, id],
        ),
      ),
      CommitmentCompleted: on((context, _data, id) => setStatus(context, id, 'Completed')),
      CommitmentClosed: on((context, _data, id) => setStatus(context, id, 'Closed')),
      CommitmentWithdrawn: on((context, _data, id) => setStatus(context, id, 'Withdrawn')),
      ReportSubmitted: on<ReportSubmitted>((context, data, id) => {
        if (data.submittedBy === 'institution')
          context.run(
            'INSERT INTO institution_report (commitment_id, submitted_on) VALUES (?, ?)',
            [id, data.submittedOn],
          );
      }),
      CommitmentMarkedTransferPending: on<CommitmentMarkedTransferPending>((context, data, id) =>
        context.run(
          `UPDATE commitment SET status = 'TransferPending', pending_since = ? WHERE commitment_id = ?`,
          [data.markedOn, id],
        ),
      ),
      CommitmentMaintained: on<CommitmentMaintained>((context, data, id) =>
        context.run(
          'UPDATE commitment SET status = ?, pending_since = NULL WHERE commitment_id = ?',
          [data.resumedStatus, id],
        ),
      ),
      CommitmentTransferred: on<CommitmentTransferred>((context, data, id) =>
        context.run(
          `UPDATE commitment SET status = 'AwaitingHandover', transferred_on = ? WHERE commitment_id = ?`,
          [data.decidedOn, id],
        ),
      ),
      InformationHandoverAcknowledged: on<InformationHandoverAcknowledged>((context, data, id) =>
        context.run(
          `UPDATE commitment SET status = ?, institution_id = ?, pending_since = NULL,
               transferred_on = NULL WHERE commitment_id = ?`,
          [data.resumedStatus, data.toInstitutionId, id],
        ),
      ),
      MilestoneDueSoon: deadlineHandler('MilestoneDueSoon'),
      MilestoneOverdue: deadlineHandler('MilestoneOverdue'),
      CommitmentPeriodEnded: deadlineHandler('CommitmentPeriodEnded'),
      ProgressReportDue: deadlineHandler('ProgressReportDue'),
      ProgressReportOverdue: deadlineHandler('ProgressReportOverdue'),
      TransferDecisionOverdue: deadlineHandler('TransferDecisionOverdue'),
      InformationHandoverOverdue: deadlineHandler('InformationHandoverOverdue'),
      QuestionAsked: on<QuestionAsked>((context, data, id) =>
        context.run(
          `INSERT OR IGNORE INTO question (commitment_id, question_id, answer_due_on)
           VALUES (?, ?, ?)`,
          [id, data.questionId, data.answerDueOn],
        ),
      ),
      QuestionAnswered: on<QuestionAnswered>((context, data, id) =>
        context.run('UPDATE question SET settled = 1 WHERE commitment_id = ? AND question_id = ?', [
          id,
          data.questionId,
        ]),
      ),
      QuestionHidden: on<QuestionHidden>((context, data, id) =>
        context.run('UPDATE question SET settled = 1 WHERE commitment_id = ? AND question_id = ?', [
          id,
          data.questionId,
        ]),
      ),
      QuestionAnswerOverdue: deadlineHandler('QuestionAnswerOverdue'),

      // The redesign workflow's to-do: which commitments the institution holds at this very
      // point of `$all` (the rows above are exactly as of the event before this one).
      InstitutionRedesigned: (context, event) => {
        const held = context
          .all<{ commitment_id: string }>(
            `SELECT commitment_id FROM commitment
              WHERE institution_id = ? AND status IN (${TRANSFERABLE.map(() => '?').join(', ')})
              ORDER BY commitment_id`,
            [event.data.institutionId, ...TRANSFERABLE],
          )
          .map((row) => row.commitment_id);
        context.run(
          `INSERT OR IGNORE INTO redesign
             (event_id, institution_id, redesign, commitment_ids, correlation_id, position)
           VALUES (?, ?, ?, ?, ?, ?)`,
          [
            event.id,
            event.data.institutionId,
            JSON.stringify(event.data),
            JSON.stringify(held),
            typeof event.metadata.$correlationId === 'string'
              ? event.metadata.$correlationId
              : event.id,
            event.position,
          ],
        );
      },
      RedesignHandlingCompleted: (context, event) => {
        const eventId = event.streamId.slice('redesignhandling-'.length);
        context.run('UPDATE redesign SET done = 1 WHERE event_id = ?', [eventId]);
      },
    },
  });
}
