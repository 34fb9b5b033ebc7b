import type { Database } from 'better-sqlite3';
import type {
  QuestionAnswerOverdue,
  QuestionAnswered,
  QuestionAsked,
  QuestionCounterpartViewAdded,
  QuestionHidden,
} from '@hitos/domain';
import { prepared } from '@hitos/projections';
import { daysBetween } from '../traffic-light';
import { handle, type CommitmentHandlers } from './commitment-handler';
import { deadline } from './deadline-records';

/**
 * Citizens' questions about the commitment, their answers, the counterpart's views and the
 * Presidency's hidings. The asker's e-mail is never here: it is not in the events (see the
 * domain's questions.ts), and this model is public.
 */
export const QUESTION_TABLES = `
    CREATE TABLE commitment_question (
      commitment_id TEXT NOT NULL,
      question_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      text TEXT NOT NULL,
      asker_name TEXT,
      asked_on TEXT NOT NULL,
      answer_due_on TEXT NOT NULL,
      answer TEXT,
      answered_on TEXT,
      counterpart_view TEXT,
      counterpart_view_added_on TEXT,
      hidden_reason TEXT,
      hidden_on TEXT,
      overdue_since TEXT,
      PRIMARY KEY (commitment_id, question_id)
    );
    CREATE INDEX commitment_question_by_seq ON commitment_question (commitment_id, seq);
`;

export interface QuestionRow {
  commitment_id: string;
  question_id: string;
  seq: number;
  text: string;
  asker_name: string | null;
  asked_on: string;
  answer_due_on: string;
  answer: string | null;
  answered_on: string | null;
  counterpart_view: string | null;
  counterpart_view_added_on: string | null;
  hidden_reason: string | null;
  hidden_on: string | null;
  overdue_since: string | null;
}

const setOn = (column: string) =>
  `UPDATE commitment_question SET ${column} WHERE commitment_id = ? AND question_id = ?`;

export const questionHandlers: CommitmentHandlers<
  | 'QuestionAsked'
  | 'QuestionAnswered'
  | 'QuestionCounterpartViewAdded'
  | 'QuestionHidden'
  | 'QuestionAnswerOverdue'
> = {
  QuestionAsked: handle<QuestionAsked>((context, { data: d }, id) => {
    context.run(
      `INSERT INTO commitment_question
           (commitment_id, question_id, seq, text, asker_name, asked_on, answer_due_on)
         VALUES (?, ?, (SELECT COUNT(*) FROM commitment_question WHERE commitment_id = ?),
                 ?, ?, ?, ?)`,
      [id, d.questionId, id, d.text, d.askerName ?? null, d.askedOn, d.answerDueOn],
    );
  }),
  QuestionAnswered: handle<QuestionAnswered>((context, { data: d }, id) => {
    context.run(setOn('answer = ?, answered_on = ?'), [d.answer, d.answeredOn, id, d.questionId]);
  }),
  QuestionCounterpartViewAdded: handle<QuestionCounterpartViewAdded>((context, { data: d }, id) => {
    context.run(setOn('counterpart_view = ?, counterpart_view_added_on = ?'), [
      d.view,
      d.addedOn,
      id,
      d.questionId,
    ]);
  }),
  QuestionHidden: handle<QuestionHidden>((context, { data: d }, id) => {
    context.run(setOn('hidden_reason = ?, hidden_on = ?'), [
      d.reason,
      d.hiddenOn,
      id,
      d.questionId,
    ]);
  }),
  QuestionAnswerOverdue: deadline<QuestionAnswerOverdue>((context, { data: d }, id) => {
    context.run(setOn('overdue_since = ?'), [d.detectedOn, id, d.questionId]);
  }),
};

// ── view ─────────────────────────────────────────────────────────────────────────────────────

/**
 * A question as every reader sees it. A hidden question keeps its place, dates and the
 * Presidency's reason; its text, the asker's name, the answer and the counterpart's view are
 * withheld (null) from every view, so that spam or abuse is not republished. The immutable
 * event log still holds them, as it holds everything (docs/domain.md).
 */
export interface QuestionView {
  questionId: string;
  askedOn: string;
  answerDueOn: string;
  /** Null when hidden. */
  text: string | null;
  /** Null when anonymous or hidden. */
  askerName: string | null;
  /** The institution's answer; null until answered, or when hidden. */
  answer: string | null;
  answeredOn: string | null;
  /** Days from the question to its answer; null until answered. */
  daysToAnswer: number | null;
  /**
   * True when answered by the due date, false when answered late or found overdue, null while
   * the answer is not due yet (or the question was hidden before it was).
   */
  answeredOnTime: boolean | null;
  /** The day the timers found the answer overdue; null otherwise. */
  overdueSince: string | null;
  /** The counterpart's view; null until added, or when hidden. */
  counterpartView: { view: string; addedOn: string } | null;
  /** The Presidency's hiding, with its reason, which stays on record. */
  hidden: { reason: string; hiddenOn: string } | null;
}

/** Whether a question was answered on time: see {@link QuestionView.answeredOnTime}. */
export function answeredOnTime(
  row: Pick<QuestionRow, 'answered_on' | 'answer_due_on' | 'overdue_since' | 'hidden_on'>,
): boolean | null {
  if (row.answered_on) return row.answered_on <= row.answer_due_on;
  if (row.overdue_since) return false;
  return null;
}

export function questionView(row: QuestionRow): QuestionView {
  const hidden = row.hidden_on !== null;
  return {
    questionId: row.question_id,
    askedOn: row.asked_on,
    answerDueOn: row.answer_due_on,
    text: hidden ? null : row.text,
    askerName: hidden ? null : row.asker_name,
    answer: hidden ? null : row.answer,
    answeredOn: row.answered_on,
    daysToAnswer: row.answered_on ? daysBetween(row.asked_on, row.answered_on) : null,
    answeredOnTime: answeredOnTime(row),
    overdueSince: row.overdue_since,
    counterpartView:
      !hidden && row.counterpart_view !== null
        ? { view: row.counterpart_view, addedOn: row.counterpart_view_added_on as string }
        : null,
    hidden: hidden
      ? { reason: row.hidden_reason as string, hiddenOn: row.hidden_on as string }
      : null,
  };
}

/** The commitment's questions, in the order they were asked. */
export function questionsView(db: Database, commitmentId: string): QuestionView[] {
  return (
    prepared(db, `SELECT * FROM commitment_question WHERE commitment_id = ? ORDER BY seq`).all(
      commitmentId,
    ) as QuestionRow[]
  ).map(questionView);
}

/** A question waiting on a party, with its commitment, for a to-do list. */
export interface AwaitedQuestion {
  commitmentId: string;
  commitmentTitle: string;
  questionId: string;
  text: string;
  askedOn: string;
  answerDueOn: string;
  answered: boolean;
}

/**
 * Questions not hidden that wait on a party, oldest due first: the institution's unanswered
 * ones (`institutionId`), the counterpart's without its view (`counterpartId`), or every
 * question asked since a day (`askedSince`, for the Presidency's moderation). Only in
 * commitments that take questions (signed, not withdrawn).
 */
export function awaitedQuestions(
  db: Database,
  filters: { institutionId?: string; counterpartId?: string; askedSince?: string },
  limit = 500,
): AwaitedQuestion[] {
  const clauses = [
    'q.hidden_on IS NULL',
    `c.status IN ('InImplementation', 'Completed', 'TransferPending', 'AwaitingHandover', 'Closed')`,
  ];
  const params: unknown[] = [];
  if (filters.institutionId !== undefined) {
    clauses.push('c.responsible_institution_id = ?', 'q.answered_on IS NULL');
    params.push(filters.institutionId);
  }
  if (filters.counterpartId !== undefined) {
    clauses.push('c.counterpart_organization_id = ?', 'q.counterpart_view IS NULL');
    params.push(filters.counterpartId);
  }
  if (filters.askedSince !== undefined) {
    clauses.push('q.asked_on >= ?');
    params.push(filters.askedSince);
  }
  const rows = prepared(
    db,
    `SELECT q.*, c.title FROM commitment_question q JOIN commitment c USING (commitment_id)
      WHERE ${clauses.join(' AND ')}
      ORDER BY q.answer_due_on, q.asked_on, q.commitment_id, q.seq LIMIT ?`,
  ).all(...params, limit) as (QuestionRow & { title: string })[];
  return rows.map((row) => ({
    commitmentId: row.commitment_id,
    commitmentTitle: row.title,
    questionId: row.question_id,
    text: row.text,
    askedOn: row.asked_on,
    answerDueOn: row.answer_due_on,
    answered: row.answered_on !== null,
  }));
}
