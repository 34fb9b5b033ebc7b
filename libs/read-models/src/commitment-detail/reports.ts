import type { Database } from 'better-sqlite3';
import {
  type ProgressReportDue,
  type ProgressReportOverdue,
  type ReportSubmitted,
} from '@hitos/domain';
import { prepared } from '@hitos/projections';
import { handle, type CommitmentHandlers } from './commitment-handler';
import { deadline } from './deadline-records';

/** Reports submitted to each audience, and the reporting calendar the engine keeps. */
export const REPORT_TABLES = `
    CREATE TABLE commitment_submitted_report (
      commitment_id TEXT NOT NULL,
      report_id TEXT NOT NULL,
      audience TEXT NOT NULL,
      submitted_by TEXT NOT NULL,
      title TEXT NOT NULL,
      summary TEXT NOT NULL,
      link TEXT,
      classification TEXT NOT NULL,
      submitted_on TEXT NOT NULL,
      position TEXT NOT NULL,
      PRIMARY KEY (commitment_id, report_id)
    );
    CREATE TABLE commitment_reporting_period (
      commitment_id TEXT NOT NULL,
      due_on TEXT NOT NULL,
      period_start TEXT NOT NULL,
      cadence_months INTEGER NOT NULL,
      due_days_before INTEGER,
      due_notified_on TEXT,
      overdue_since TEXT,
      reported_on TEXT,
      PRIMARY KEY (commitment_id, due_on)
    );
`;

export interface SubmittedReportRow {
  commitment_id: string;
  report_id: string;
  audience: ReportSubmitted['data']['audience'];
  submitted_by: 'institution' | 'counterpart';
  title: string;
  summary: string;
  link: string | null;
  classification: ReportSubmitted['data']['classification'];
  submitted_on: string;
  position: string;
}

/** A reporting period the engine reminded of (`ProgressReportDue`) or found missed. */
export interface ReportingPeriodRow {
  commitment_id: string;
  due_on: string;
  period_start: string;
  cadence_months: number;
  due_days_before: number | null;
  due_notified_on: string | null;
  overdue_since: string | null;
  /** The first institution report submitted on or after the period's start. */
  reported_on: string | null;
}

export const reportHandlers: CommitmentHandlers<
  'ReportSubmitted' | 'ProgressReportDue' | 'ProgressReportOverdue'
> = {
  ReportSubmitted: handle<ReportSubmitted>((context, event, id) => {
    const d = event.data;
    context.run(
      `INSERT INTO commitment_submitted_report (commitment_id, report_id, audience,
           submitted_by, title, summary, link, classification, submitted_on, position)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        d.reportId,
        d.audience,
        d.submittedBy,
        d.title,
        d.summary,
        d.link ?? null,
        d.classification,
        d.submittedOn,
        event.position,
      ],
    );
    // An institution's report answers the reporting periods open when it came (the engine
    // counts the institution's reports only, see the workflows' reporting calendar).
    if (d.submittedBy === 'institution') {
      context.run(
        `UPDATE commitment_reporting_period SET reported_on = ?
            WHERE commitment_id = ? AND reported_on IS NULL AND period_start <= ?`,
        [d.submittedOn, id, d.submittedOn],
      );
    }
  }),
  ProgressReportDue: deadline<ProgressReportDue>((context, { data: d }, id) => {
    context.run(
      `INSERT INTO commitment_reporting_period (commitment_id, due_on, period_start,
           cadence_months, due_days_before, due_notified_on)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (commitment_id, due_on) DO UPDATE SET
           due_days_before = excluded.due_days_before, due_notified_on = excluded.due_notified_on`,
      [id, d.dueOn, d.periodStart, d.cadenceMonths, d.daysBefore, d.notifiedOn],
    );
  }),
  ProgressReportOverdue: deadline<ProgressReportOverdue>((context, { data: d }, id) => {
    context.run(
      `INSERT INTO commitment_reporting_period (commitment_id, due_on, period_start,
           cadence_months, overdue_since)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (commitment_id, due_on) DO UPDATE SET overdue_since = excluded.overdue_since`,
      [id, d.dueOn, d.periodStart, d.cadenceMonths, d.detectedOn],
    );
  }),
};

// ── view ─────────────────────────────────────────────────────────────────────────────────────

/**
 * A report submitted to an audience; `link` appears only when given. A report this reader may
 * not see stays in the list in its place, with its title, summary and link null and
 * `withheld: true` (docs/reserve.md).
 */
export interface SubmittedReportView {
  reportId: string;
  audience: SubmittedReportRow['audience'];
  submittedBy: SubmittedReportRow['submitted_by'];
  title: string | null;
  summary: string | null;
  link?: string | null;
  classification: SubmittedReportRow['classification'];
  submittedOn: string;
  withheld: boolean;
}

/**
 * The reports submitted on one commitment as a reader is shown them: every one whole for a
 * reader who may read classified content; for anyone else the public ones whole and the others
 * as withheld stubs.
 */
export interface ShownSubmittedReports {
  /** In the order they were submitted. */
  shown: SubmittedReportView[];
  /** Reserved or confidential reports this reader may not see (the stubs). */
  withheld: number;
}

/** The commitment's submitted reports for a reader; `seesClassified` is `mayReadClassified`'s answer. */
export function shownSubmittedReports(
  db: Database,
  commitmentId: string,
  seesClassified: boolean,
): ShownSubmittedReports {
  const rows = prepared(
    db,
    `SELECT * FROM commitment_submitted_report WHERE commitment_id = ?
      ORDER BY CAST(position AS INTEGER)`,
  ).all(commitmentId) as SubmittedReportRow[];
  let withheld = 0;
  const shown = rows.map((r): SubmittedReportView => {
    const visible = seesClassified || r.classification === 'public';
    if (!visible) withheld++;
    return {
      reportId: r.report_id,
      audience: r.audience,
      submittedBy: r.submitted_by,
      title: visible ? r.title : null,
      summary: visible ? r.summary : null,
      ...(!visible ? { link: null } : r.link !== null ? { link: r.link } : {}),
      classification: r.classification,
      submittedOn: r.submitted_on,
      withheld: !visible,
    };
  });
  return { shown, withheld };
}

/** A reporting period the engine reminded of or found missed, with the report that answered it. */
export interface ReportingPeriodView {
  periodStart: string;
  dueOn: string;
  cadenceMonths: number;
  /** `ProgressReportDue`: when the engine reminded the parties. */
  dueNotifiedOn: string | null;
  /** `ProgressReportOverdue`: when the engine found the period passed with no report. */
  overdueSince: string | null;
  /** The institution's first report submitted after the period started. */
  reportedOn: string | null;
}

/** The reporting calendar the engine keeps for one commitment. */
export interface ReportingCalendarView {
  /** Reporting periods the engine reminded of or found missed, by due date. */
  periods: ReportingPeriodView[];
  /** The latest reminder still unanswered (no report yet, not overdue). */
  due: ReportingPeriodView | null;
  /** The latest missed period no institution report has answered since. */
  overdue: ReportingPeriodView | null;
}

/** The commitment's reporting periods, with the reminder and the miss still open. */
export function reportingCalendarView(db: Database, commitmentId: string): ReportingCalendarView {
  const periods = (
    prepared(
      db,
      `SELECT * FROM commitment_reporting_period WHERE commitment_id = ? ORDER BY due_on`,
    ).all(commitmentId) as ReportingPeriodRow[]
  ).map((p): ReportingPeriodView => ({
    periodStart: p.period_start,
    dueOn: p.due_on,
    cadenceMonths: p.cadence_months,
    dueNotifiedOn: p.due_notified_on,
    overdueSince: p.overdue_since,
    reportedOn: p.reported_on,
  }));
  const latest = (test: (p: ReportingPeriodView) => boolean) =>
    [...periods].reverse().find(test) ?? null;
  return {
    periods,
    due: latest(
      (p) => p.dueNotifiedOn !== null && p.overdueSince === null && p.reportedOn === null,
    ),
    overdue: latest((p) => p.overdueSince !== null && p.reportedOn === null),
  };
}
