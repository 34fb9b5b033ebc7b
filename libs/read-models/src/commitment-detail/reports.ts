import {
  type ProgressReportDue,
  type ProgressReportOverdue,
  type ReportSubmitted,
} from '@hitos/domain';
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
