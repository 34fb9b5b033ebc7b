import type { Database } from 'better-sqlite3';
import {
  type EvidenceItem,
  type MilestoneProgressReported,
  type ObjectionAnswered,
  type ProgressReportReviewed,
} from '@hitos/domain';
import { prepared, type ProjectionContext } from '@hitos/projections';
import { handle, type CommitmentHandlers } from './commitment-handler';
import { rollUp } from './milestones';

/** The institution's progress reports, the counterpart's review of each, and their evidence. */
export const PROGRESS_REPORT_TABLES = `
    CREATE TABLE commitment_report (
      commitment_id TEXT NOT NULL,
      report_id TEXT NOT NULL,
      milestone_id TEXT NOT NULL,
      percent REAL NOT NULL,
      narrative TEXT NOT NULL,
      reported_on TEXT NOT NULL,
      verdict TEXT,
      reasons TEXT,
      reviewed_on TEXT,
      answer TEXT,
      answered_on TEXT,
      position TEXT NOT NULL,
      PRIMARY KEY (commitment_id, report_id)
    );
    CREATE INDEX commitment_report_unreviewed ON commitment_report (verdict, reported_on);
    CREATE TABLE commitment_evidence (
      commitment_id TEXT NOT NULL,
      source TEXT NOT NULL,
      report_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      title TEXT NOT NULL,
      url TEXT NOT NULL,
      sha256 TEXT,
      classification TEXT NOT NULL,
      PRIMARY KEY (commitment_id, source, report_id, seq)
    );
`;

export interface ProgressReportRow {
  commitment_id: string;
  report_id: string;
  milestone_id: string;
  percent: number;
  narrative: string;
  reported_on: string;
  verdict: 'endorsed' | 'objected' | null;
  reasons: string | null;
  reviewed_on: string | null;
  answer: string | null;
  answered_on: string | null;
  position: string;
}

export interface EvidenceRow {
  commitment_id: string;
  source: 'report' | 'closure';
  /** The progress report's id; '' for the closure's evidence (a key column cannot be null). */
  report_id: string;
  seq: number;
  title: string;
  url: string;
  sha256: string | null;
  classification: EvidenceItem['classification'];
}

export function insertEvidence(
  context: ProjectionContext,
  commitmentId: string,
  source: 'report' | 'closure',
  reportId: string | null,
  items: readonly EvidenceItem[],
) {
  items.forEach((item, seq) =>
    context.run(
      `INSERT INTO commitment_evidence
         (commitment_id, source, report_id, seq, title, url, sha256, classification)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        commitmentId,
        source,
        reportId ?? '',
        seq,
        item.title,
        item.url,
        item.sha256 ?? null,
        item.classification,
      ],
    ),
  );
}

export const progressReportHandlers: CommitmentHandlers<
  'MilestoneProgressReported' | 'ProgressReportReviewed' | 'ObjectionAnswered'
> = {
  MilestoneProgressReported: handle<MilestoneProgressReported>((context, event, id) => {
    const d = event.data;
    context.run(
      `INSERT INTO commitment_report (commitment_id, report_id, milestone_id, percent,
           narrative, reported_on, position)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [id, d.reportId, d.milestoneId, d.percent, d.narrative, d.reportedOn, event.position],
    );
    insertEvidence(context, id, 'report', d.reportId, d.evidence ?? []);
    context.run(
      `UPDATE commitment_milestone SET last_report_on = MAX(COALESCE(last_report_on, ''), ?)
          WHERE commitment_id = ? AND milestone_id = ?`,
      [d.reportedOn, id, d.milestoneId],
    );
  }),
  ProgressReportReviewed: handle<ProgressReportReviewed>((context, event, id) => {
    const d = event.data;
    context.run(
      `UPDATE commitment_report SET verdict = ?, reasons = ?, reviewed_on = ?
          WHERE commitment_id = ? AND report_id = ?`,
      [d.verdict, d.reasons ?? null, d.reviewedOn, id, d.reportId],
    );
    if (d.verdict === 'endorsed') {
      context.run(
        `UPDATE commitment_milestone
              SET last_endorsed_percent = MAX(last_endorsed_percent, (
                SELECT percent FROM commitment_report WHERE commitment_id = ? AND report_id = ?))
            WHERE commitment_id = ? AND milestone_id = ?`,
        [id, d.reportId, id, d.milestoneId],
      );
      rollUp(context, event);
    }
  }),
  ObjectionAnswered: handle<ObjectionAnswered>((context, { data: d }, id) => {
    context.run(
      `UPDATE commitment_report SET answer = ?, answered_on = ?
          WHERE commitment_id = ? AND report_id = ?`,
      [d.answer, d.answeredOn, id, d.reportId],
    );
  }),
};

// ── view ─────────────────────────────────────────────────────────────────────────────────────

/** A progress report as the detail shows it, under its milestone. */
export interface ProgressReportView {
  reportId: string;
  milestoneId: string;
  percent: number;
  narrative: string;
  evidence: EvidenceItem[];
  reportedOn: string;
  /** The counterpart's verdict beside the claim it answers. */
  review: { verdict: 'endorsed' | 'objected'; reasons: string | null; reviewedOn: string } | null;
  answer: { answer: string; answeredOn: string } | null;
  /** Objected and not yet answered. */
  openObjection: boolean;
}

/**
 * The evidence of one commitment that a reader is shown: every item for a reader who may read
 * classified content, the public ones only for anyone else.
 */
export interface ShownEvidence {
  /** The items shown for one progress report, or for the closure (report id ''), in order. */
  of: (source: EvidenceRow['source'], reportId: string) => EvidenceItem[];
  /** Reserved or confidential items this reader may not see. */
  withheld: number;
}

const toEvidence = (row: EvidenceRow): EvidenceItem => ({
  title: row.title,
  url: row.url,
  sha256: row.sha256,
  classification: row.classification,
});

/** The commitment's evidence for a reader; `seesClassified` is `mayReadClassified`'s answer. */
export function shownEvidence(
  db: Database,
  commitmentId: string,
  seesClassified: boolean,
): ShownEvidence {
  const rows = prepared(
    db,
    `SELECT * FROM commitment_evidence WHERE commitment_id = ? ORDER BY source, report_id, seq`,
  ).all(commitmentId) as EvidenceRow[];
  const shown = seesClassified ? rows : rows.filter((e) => e.classification === 'public');
  // Grouped once: filtering every row for each report made a long history's view quadratic.
  const byReport = new Map<string, EvidenceRow[]>();
  for (const row of shown) {
    const key = `${row.source}\u0000${row.report_id}`;
    const items = byReport.get(key);
    if (items) items.push(row);
    else byReport.set(key, [row]);
  }
  return {
    of: (source, reportId) => (byReport.get(`${source}\u0000${reportId}`) ?? []).map(toEvidence),
    withheld: rows.length - shown.length,
  };
}

/**
 * The commitment's progress reports in the order they came, each with its review and answer
 * beside it and only the evidence the reader is shown.
 */
export function progressReportsView(
  db: Database,
  commitmentId: string,
  evidence: ShownEvidence,
): ProgressReportView[] {
  return (
    prepared(
      db,
      `SELECT * FROM commitment_report WHERE commitment_id = ?
        ORDER BY CAST(position AS INTEGER), report_id`,
    ).all(commitmentId) as ProgressReportRow[]
  ).map((r) => ({
    reportId: r.report_id,
    milestoneId: r.milestone_id,
    percent: r.percent,
    narrative: r.narrative,
    evidence: evidence.of('report', r.report_id),
    reportedOn: r.reported_on,
    review: r.verdict
      ? { verdict: r.verdict, reasons: r.reasons, reviewedOn: r.reviewed_on! }
      : null,
    answer: r.answer !== null ? { answer: r.answer, answeredOn: r.answered_on! } : null,
    openObjection: r.verdict === 'objected' && r.answer === null,
  }));
}
