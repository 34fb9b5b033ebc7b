import type { Database } from 'better-sqlite3';
import {
  strictestOf,
  type Classification,
  type EvidenceItem,
  type MilestoneProgressReported,
  type ObjectionAnswered,
  type ProgressReportReviewed,
  type ReportReviewStatus,
} from '@hitos/domain';
import { prepared, type ProjectionContext } from '@hitos/projections';
import { handle, type CommitmentHandlers } from './commitment-handler';
import { rollUp } from './milestones';
import { allRows } from './rows';

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
      -- The narrative's classification; the reasons' and the answer's, resolved (a reply with
      -- none inherits the report's). See docs/reserve.md.
      classification TEXT NOT NULL,
      reasons_classification TEXT,
      answer_classification TEXT,
      -- The latest review's round, and where the review stands: pending-review, objected,
      -- answered, endorsed. verdict … answer_classification are the latest round's.
      round INTEGER,
      review_status TEXT NOT NULL DEFAULT 'pending-review',
      PRIMARY KEY (commitment_id, report_id)
    );
    CREATE INDEX commitment_report_unreviewed ON commitment_report (review_status, reported_on);
    -- Every objection and its answer, round by round (the endorsement is the report's verdict).
    CREATE TABLE commitment_review_round (
      commitment_id TEXT NOT NULL,
      report_id TEXT NOT NULL,
      round INTEGER NOT NULL,
      reasons TEXT,
      reviewed_on TEXT NOT NULL,
      reasons_classification TEXT NOT NULL,
      answer TEXT,
      answered_on TEXT,
      answer_classification TEXT,
      PRIMARY KEY (commitment_id, report_id, round)
    );
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
  classification: Classification;
  reasons_classification: Classification | null;
  answer_classification: Classification | null;
  round: number | null;
  review_status: ReportReviewStatus;
}

export interface ReviewRoundRow {
  commitment_id: string;
  report_id: string;
  round: number;
  reasons: string | null;
  reviewed_on: string;
  reasons_classification: Classification;
  answer: string | null;
  answered_on: string | null;
  answer_classification: Classification | null;
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
           narrative, reported_on, position, classification)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        d.reportId,
        d.milestoneId,
        d.percent,
        d.narrative,
        d.reportedOn,
        event.position,
        // Upcast events always carry it; the fallback keeps a hand-written one conservative.
        d.classification ?? strictestOf((d.evidence ?? []).map((item) => item.classification)),
      ],
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
    const round = d.round ?? 1;
    const objected = d.verdict === 'objected';
    // The report's row holds the latest review; a new objection opens a round with no answer.
    context.run(
      `UPDATE commitment_report SET verdict = ?, reasons = ?, reviewed_on = ?,
           reasons_classification = COALESCE(?, classification), round = ?, review_status = ?,
           answer = CASE WHEN ? THEN NULL ELSE answer END,
           answered_on = CASE WHEN ? THEN NULL ELSE answered_on END,
           answer_classification = CASE WHEN ? THEN NULL ELSE answer_classification END
          WHERE commitment_id = ? AND report_id = ?`,
      [
        d.verdict,
        d.reasons ?? null,
        d.reviewedOn,
        d.classification ?? null,
        round,
        objected ? 'objected' : 'endorsed',
        objected ? 1 : 0,
        objected ? 1 : 0,
        objected ? 1 : 0,
        id,
        d.reportId,
      ],
    );
    if (objected) {
      context.run(
        `INSERT INTO commitment_review_round (commitment_id, report_id, round, reasons,
             reviewed_on, reasons_classification)
           SELECT commitment_id, report_id, ?, ?, ?, COALESCE(?, classification)
             FROM commitment_report WHERE commitment_id = ? AND report_id = ?`,
        [round, d.reasons ?? null, d.reviewedOn, d.classification ?? null, id, d.reportId],
      );
    } else {
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
    const round = d.round ?? 1;
    context.run(
      `UPDATE commitment_report SET answer = ?, answered_on = ?,
           answer_classification = COALESCE(?, classification), review_status = 'answered'
          WHERE commitment_id = ? AND report_id = ?`,
      [d.answer, d.answeredOn, d.classification ?? null, id, d.reportId],
    );
    context.run(
      `UPDATE commitment_review_round SET answer = ?, answered_on = ?,
           answer_classification = COALESCE(?, (SELECT classification FROM commitment_report
             WHERE commitment_id = ? AND report_id = ?))
          WHERE commitment_id = ? AND report_id = ? AND round = ?`,
      [d.answer, d.answeredOn, d.classification ?? null, id, d.reportId, id, d.reportId, round],
    );
  }),
};

// ── view ─────────────────────────────────────────────────────────────────────────────────────

/**
 * An evidence item as a reader is shown it: whole, or — when the reader may not see it — in its
 * place with its classification and nothing else (docs/reserve.md).
 */
export type EvidenceView =
  | (EvidenceItem & { withheld: false })
  | { title: null; url: null; sha256: null; classification: Classification; withheld: true };

/** A progress report as the detail shows it, under its milestone. */
export interface ProgressReportView {
  reportId: string;
  milestoneId: string;
  percent: number;
  /** Null when withheld from this reader. */
  narrative: string | null;
  evidence: EvidenceView[];
  reportedOn: string;
  /** The narrative's classification. */
  classification: Classification;
  /** The narrative is classified and this reader may not see it. */
  withheld: boolean;
  /**
   * Where the review stands: `pending-review` (no review yet), `objected` (waiting for the
   * institution's answer), `answered` (waiting for the counterpart's next review), `endorsed`.
   */
  reviewStatus: ReportReviewStatus;
  /** The review conversation, round by round: each objection and, once given, its answer. */
  rounds: ReviewRoundView[];
  /** The endorsement that settled the report, in the round after the last answered one. */
  endorsement: (ReplyReasonsView & { round: number }) | null;
  /**
   * The latest review — the endorsement, else the last round's objection — as before rounds.
   * Its text is the same one `rounds` or `endorsement` shows (counted once when withheld).
   */
  review: ({ verdict: 'endorsed' | 'objected'; round: number } & ReplyReasonsView) | null;
  /** The last round's answer, as before rounds; null while that round's objection is open. */
  answer: ReplyAnswerView | null;
  /** Objected and not yet answered (the last round's objection is open). */
  openObjection: boolean;
}

/** A review's reasons as a reader is shown them. */
export interface ReplyReasonsView {
  /** Null when there are none, or when withheld from this reader. */
  reasons: string | null;
  reviewedOn: string;
  classification: Classification;
  /** Reasons were given, are classified, and this reader may not see them. */
  withheld: boolean;
}

/** The institution's answer as a reader is shown it. */
export interface ReplyAnswerView {
  /** Null when withheld from this reader. */
  answer: string | null;
  answeredOn: string;
  classification: Classification;
  withheld: boolean;
}

/** One round of review: the counterpart's objection and the institution's answer, if any. */
export interface ReviewRoundView {
  round: number;
  objection: ReplyReasonsView;
  answer: ReplyAnswerView | null;
}

/** The classified free texts a reader may not see, counted (docs/reserve.md). */
export interface TextCounter {
  /** Whether this reader may read classified content of the commitment. */
  readonly seesClassified: boolean;
  withheld: number;
}

/**
 * A text as a reader is shown it: the text itself when public or the reader may read
 * classified content; otherwise null, counted when there was a text to withhold.
 */
export function shownText(
  text: string | null,
  classification: Classification,
  counter: TextCounter,
): { text: string | null; withheld: boolean } {
  if (text === null || classification === 'public' || counter.seesClassified)
    return { text, withheld: false };
  counter.withheld++;
  return { text: null, withheld: true };
}

/**
 * The evidence of one commitment as a reader is shown it: every item whole for a reader who may
 * read classified content; for anyone else the public ones whole and the others as withheld
 * stubs, in their place.
 */
export interface ShownEvidence {
  /** The items of one progress report, or of the closure (report id ''), in order. */
  of: (source: EvidenceRow['source'], reportId: string) => EvidenceView[];
  /** Reserved or confidential items this reader may not see (the stubs). */
  withheld: number;
}

/** One evidence row as a reader is shown it: whole, or a withheld stub. */
export const evidenceView = (row: EvidenceRow, seesClassified: boolean): EvidenceView =>
  seesClassified || row.classification === 'public'
    ? {
        title: row.title,
        url: row.url,
        sha256: row.sha256,
        classification: row.classification,
        withheld: false,
      }
    : { title: null, url: null, sha256: null, classification: row.classification, withheld: true };

/** The commitment's evidence for a reader; `seesClassified` is `mayReadClassified`'s answer. */
export function shownEvidence(
  db: Database,
  commitmentId: string,
  seesClassified: boolean,
): ShownEvidence {
  const rows = allRows<EvidenceRow>(
    prepared(
      db,
      `SELECT * FROM commitment_evidence WHERE commitment_id = ? ORDER BY source, report_id, seq`,
    ),
    commitmentId,
  );
  // Grouped once: filtering every row for each report made a long history's view quadratic.
  const byReport = new Map<string, EvidenceView[]>();
  let withheld = 0;
  for (const row of rows) {
    const item = evidenceView(row, seesClassified);
    if (item.withheld) withheld++;
    const key = `${row.source}\u0000${row.report_id}`;
    const items = byReport.get(key);
    if (items) items.push(item);
    else byReport.set(key, [item]);
  }
  return {
    of: (source, reportId) => byReport.get(`${source}\u0000${reportId}`) ?? [],
    withheld,
  };
}

/** The review rounds of a commitment's reports, grouped by report, in round order. */
function reviewRoundsOf(db: Database, commitmentId: string): Map<string, ReviewRoundRow[]> {
  const byReport = new Map<string, ReviewRoundRow[]>();
  for (const row of prepared(
    db,
    `SELECT * FROM commitment_review_round WHERE commitment_id = ? ORDER BY report_id, round`,
  ).all(commitmentId) as ReviewRoundRow[]) {
    const rounds = byReport.get(row.report_id);
    if (rounds) rounds.push(row);
    else byReport.set(row.report_id, [row]);
  }
  return byReport;
}

/**
 * The commitment's progress reports in the order they came, each with its review conversation
 * beside it (rounds of objection and answer, the endorsement); texts and evidence the reader may
 * not see are withheld in place and counted in `texts`, each text once.
 */
export function progressReportsView(
  db: Database,
  commitmentId: string,
  evidence: ShownEvidence,
  texts: TextCounter,
): ProgressReportView[] {
  const roundsByReport = reviewRoundsOf(db, commitmentId);
  return allRows<ProgressReportRow>(
    prepared(
      db,
      `SELECT * FROM commitment_report WHERE commitment_id = ?
          ORDER BY CAST(position AS INTEGER), report_id`,
    ),
    commitmentId,
  ).map((r) => {
    const narrative = shownText(r.narrative, r.classification, texts);
    const rounds: ReviewRoundView[] = (roundsByReport.get(r.report_id) ?? []).map((row) => {
      const reasons = shownText(row.reasons, row.reasons_classification, texts);
      const answerClassification = row.answer_classification ?? r.classification;
      const answer =
        row.answered_on !== null ? shownText(row.answer, answerClassification, texts) : null;
      return {
        round: row.round,
        objection: {
          reasons: reasons.text,
          reviewedOn: row.reviewed_on,
          classification: row.reasons_classification,
          withheld: reasons.withheld,
        },
        answer: answer
          ? {
              answer: answer.text,
              answeredOn: row.answered_on!,
              classification: answerClassification,
              withheld: answer.withheld,
            }
          : null,
      };
    });
    const endorsed: ReplyReasonsView | null =
      r.verdict === 'endorsed'
        ? (() => {
            const classification = r.reasons_classification ?? r.classification;
            const reasons = shownText(r.reasons, classification, texts);
            return {
              reasons: reasons.text,
              reviewedOn: r.reviewed_on!,
              classification,
              withheld: reasons.withheld,
            };
          })()
        : null;
    const last = rounds[rounds.length - 1];
    const endorsementRound = r.round ?? rounds.length + 1;
    return {
      reportId: r.report_id,
      milestoneId: r.milestone_id,
      percent: r.percent,
      narrative: narrative.text,
      evidence: evidence.of('report', r.report_id),
      reportedOn: r.reported_on,
      classification: r.classification,
      withheld: narrative.withheld,
      reviewStatus: r.review_status,
      rounds,
      endorsement: endorsed && { ...endorsed, round: endorsementRound },
      review: endorsed
        ? { verdict: 'endorsed' as const, ...endorsed, round: endorsementRound }
        : last
          ? { verdict: 'objected' as const, ...last.objection, round: last.round }
          : null,
      answer: last?.answer ?? null,
      openObjection: r.review_status === 'objected',
    };
  });
}
