import type { Database } from 'better-sqlite3';
import {
  type Administrator,
  type AdministratorDesignated,
  type CommitmentCompleted,
  type CommitmentDrafted,
  type CommitmentPeriodEnded,
  type CommitmentStatus,
  type CommitmentWithdrawn,
} from '@hitos/domain';
import { prepared } from '@hitos/projections';
import { commitmentIdOf, factDateOf, onCommitment } from '../commitment-events';
import { handle, moveTo, type CommitmentHandlers } from './commitment-handler';
import { deadline } from './deadline-records';

/** The tables of the commitment itself: its row, its pillars and its status history. */
export const COMMITMENT_TABLES = `
    CREATE TABLE commitment (
      commitment_id TEXT PRIMARY KEY,
      plan_id TEXT NOT NULL,
      number INTEGER NOT NULL,
      title TEXT NOT NULL,
      status TEXT NOT NULL,
      progress REAL NOT NULL,
      responsible_institution_id TEXT NOT NULL,
      responsible_unit TEXT NOT NULL,
      counterpart_organization_id TEXT NOT NULL,
      counterpart_sector TEXT NOT NULL,
      period_start TEXT NOT NULL,
      period_end TEXT NOT NULL,
      drafted_json TEXT NOT NULL,
      acta_number TEXT,
      acta_signed_on TEXT,
      acta_place TEXT,
      acta_json TEXT,
      administrator_json TEXT,
      completed_on TEXT,
      withdrawal_reason TEXT,
      withdrawn_on TEXT,
      period_ended_on TEXT,
      period_end_detected_on TEXT,
      revision INTEGER NOT NULL,
      position TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX commitment_by_plan ON commitment (plan_id, number);
    CREATE INDEX commitment_by_status ON commitment (status);
    CREATE INDEX commitment_by_institution ON commitment (responsible_institution_id);
    CREATE INDEX commitment_by_counterpart ON commitment (counterpart_organization_id);
    CREATE TABLE commitment_pillar (
      commitment_id TEXT NOT NULL,
      pillar TEXT NOT NULL,
      PRIMARY KEY (commitment_id, pillar)
    );
    CREATE INDEX commitment_pillar_by_pillar ON commitment_pillar (pillar);
    CREATE TABLE commitment_status_history (
      commitment_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      status TEXT NOT NULL,
      since TEXT NOT NULL,
      position TEXT NOT NULL,
      PRIMARY KEY (commitment_id, seq)
    );
`;

/** The commitment's own row: its current state as columns, for lists and the detail's head. */
export interface CommitmentRow {
  commitment_id: string;
  plan_id: string;
  number: number;
  title: string;
  status: CommitmentStatus;
  progress: number;
  responsible_institution_id: string;
  responsible_unit: string;
  counterpart_organization_id: string;
  counterpart_sector: string;
  period_start: string;
  period_end: string;
  /** The drafted text (problem, objective, relevance, contact…) as JSON: shown, never filtered. */
  drafted_json: string;
  acta_number: string | null;
  acta_signed_on: string | null;
  acta_place: string | null;
  /** The whole `ActaSigned` data (signatories, administrator at signature) as JSON. */
  acta_json: string | null;
  administrator_json: string | null;
  completed_on: string | null;
  withdrawal_reason: string | null;
  withdrawn_on: string | null;
  /** `CommitmentPeriodEnded`: the period's end and the day the engine found it passed. */
  period_ended_on: string | null;
  period_end_detected_on: string | null;
  /** The stream revision of the last event applied: the ETag `If-Match` compares with. */
  revision: number;
  position: string;
  updated_at: string;
}

export interface StatusHistoryRow {
  commitment_id: string;
  seq: number;
  status: CommitmentStatus;
  /** The date of the fact that moved it (signature, completion, closure…). */
  since: string;
  position: string;
}

export const commitmentRowHandlers: CommitmentHandlers<
  | 'CommitmentDrafted'
  | 'AdministratorDesignated'
  | 'CommitmentCompleted'
  | 'CommitmentWithdrawn'
  | 'CommitmentPeriodEnded'
> = {
  CommitmentDrafted: onCommitment<CommitmentDrafted>((context, event) => {
    const d = event.data;
    const id = commitmentIdOf(event);
    context.run(
      `INSERT INTO commitment (commitment_id, plan_id, number, title, status, progress,
           responsible_institution_id, responsible_unit, counterpart_organization_id,
           counterpart_sector, period_start, period_end, drafted_json, revision, position,
           updated_at)
         VALUES (?, ?, ?, ?, 'Draft', 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        d.planId,
        d.number,
        d.title,
        d.responsible.institutionId,
        d.responsible.unit,
        d.counterpart.organizationId,
        d.counterpart.sector,
        d.period.start,
        d.period.end,
        JSON.stringify(d),
        event.revision,
        event.position,
        event.recordedAt,
      ],
    );
    for (const pillar of Object.keys(d.relevance ?? {})) {
      context.run(`INSERT INTO commitment_pillar (commitment_id, pillar) VALUES (?, ?)`, [
        id,
        pillar,
      ]);
    }
    context.run(
      `INSERT INTO commitment_status_history (commitment_id, seq, status, since, position)
         VALUES (?, 0, 'Draft', ?, ?)`,
      [id, factDateOf(event), event.position],
    );
  }),
  AdministratorDesignated: handle<AdministratorDesignated>((context, event, id) => {
    context.run(`UPDATE commitment SET administrator_json = ? WHERE commitment_id = ?`, [
      JSON.stringify(event.data),
      id,
    ]);
  }),
  CommitmentCompleted: handle<CommitmentCompleted>((context, event, id) => {
    context.run(`UPDATE commitment SET completed_on = ? WHERE commitment_id = ?`, [
      event.data.completedOn,
      id,
    ]);
    moveTo(context, event, 'Completed', event.data.completedOn);
  }),
  CommitmentWithdrawn: handle<CommitmentWithdrawn>((context, event, id) => {
    context.run(
      `UPDATE commitment SET withdrawal_reason = ?, withdrawn_on = ? WHERE commitment_id = ?`,
      [event.data.reason, event.data.withdrawnOn, id],
    );
    moveTo(context, event, 'Withdrawn', event.data.withdrawnOn);
  }),
  CommitmentPeriodEnded: deadline<CommitmentPeriodEnded>((context, { data: d }, id) => {
    context.run(
      `UPDATE commitment SET period_ended_on = ?, period_end_detected_on = ?
          WHERE commitment_id = ?`,
      [d.periodEnd, d.detectedOn, id],
    );
  }),
};

// ── view ─────────────────────────────────────────────────────────────────────────────────────

/** A status the commitment went through, since the date of the fact that moved it. */
export interface StatusHistoryView {
  status: CommitmentStatus;
  since: string;
  position: string;
}

/** What the detail shows of the commitment's own row and its status history. */
export interface CommitmentView {
  /** The drafted text, with the institution responsible now. */
  drafted: CommitmentDrafted['data'];
  status: CommitmentStatus;
  progress: number;
  administrator: Administrator | null;
  statusHistory: StatusHistoryView[];
  completedOn: string | null;
  withdrawal: { reason: string; withdrawnOn: string } | null;
  periodEnded: { periodEnd: string; detectedOn: string } | null;
  revision: number;
  position: string;
  updatedAt: string;
}

/** The commitment's row as the detail shows it, with its status history in order. */
export function commitmentView(db: Database, row: CommitmentRow): CommitmentView {
  return {
    drafted: {
      ...(JSON.parse(row.drafted_json) as CommitmentDrafted['data']),
      commitmentId: row.commitment_id,
      // The institution responsible now: the drafted one until a handover is acknowledged.
      responsible: { institutionId: row.responsible_institution_id, unit: row.responsible_unit },
    },
    status: row.status,
    progress: row.progress,
    administrator: row.administrator_json
      ? (JSON.parse(row.administrator_json) as Administrator)
      : null,
    statusHistory: (
      prepared(
        db,
        `SELECT * FROM commitment_status_history WHERE commitment_id = ? ORDER BY seq`,
      ).all(row.commitment_id) as StatusHistoryRow[]
    ).map((h) => ({ status: h.status, since: h.since, position: h.position })),
    completedOn: row.completed_on,
    withdrawal:
      row.withdrawn_on !== null
        ? { reason: row.withdrawal_reason!, withdrawnOn: row.withdrawn_on }
        : null,
    periodEnded:
      row.period_ended_on !== null
        ? { periodEnd: row.period_ended_on, detectedOn: row.period_end_detected_on! }
        : null,
    revision: row.revision,
    position: row.position,
    updatedAt: row.updated_at,
  };
}
