import type { Database } from 'better-sqlite3';
import {
  type CommitmentMaintained,
  type CommitmentMarkedTransferPending,
  type CommitmentTransferred,
  type HandoverDocument,
  type InformationHandoverAcknowledged,
  type InformationHandoverOverdue,
  type TransferDecisionConcurred,
  type TransferDecisionOverdue,
} from '@hitos/domain';
import { prepared, type ProjectionContext } from '@hitos/projections';
import { handle, moveTo, type CommitmentHandlers } from './commitment-handler';
import { deadline } from './deadline-records';

/** A redesign's pending transfer, the Core Group's concurrences, and the settled history. */
export const TRANSFER_TABLES = `
    CREATE TABLE commitment_transfer (
      commitment_id TEXT PRIMARY KEY,
      institution_id TEXT NOT NULL,
      redesign_event_id TEXT NOT NULL,
      redesign_kind TEXT NOT NULL,
      legal_instrument TEXT NOT NULL,
      effective_on TEXT NOT NULL,
      successor_ids_json TEXT NOT NULL,
      previous_status TEXT NOT NULL,
      pending_since TEXT NOT NULL,
      decision_json TEXT,
      to_institution_id TEXT,
      receiving_unit TEXT,
      decided_on TEXT,
      decision_due_on TEXT,
      decision_limit_days INTEGER,
      decision_overdue_since TEXT,
      handover_due_on TEXT,
      handover_limit_days INTEGER,
      handover_overdue_since TEXT,
      position TEXT NOT NULL
    );
    CREATE INDEX commitment_transfer_by_pending ON commitment_transfer (pending_since);
    CREATE TABLE commitment_transfer_concurrence (
      commitment_id TEXT NOT NULL,
      redesign_event_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      decision TEXT NOT NULL,
      to_institution_id TEXT,
      core_group_member_id TEXT NOT NULL,
      reference TEXT NOT NULL,
      concurred_on TEXT NOT NULL,
      PRIMARY KEY (commitment_id, redesign_event_id, seq)
    );
    CREATE TABLE commitment_settled_transfer (
      commitment_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      outcome TEXT NOT NULL,
      redesign_event_id TEXT NOT NULL,
      from_institution_id TEXT NOT NULL,
      to_institution_id TEXT NOT NULL,
      receiving_unit TEXT,
      reason TEXT NOT NULL,
      pending_since TEXT NOT NULL,
      decided_on TEXT NOT NULL,
      settled_on TEXT NOT NULL,
      documents_json TEXT NOT NULL,
      PRIMARY KEY (commitment_id, seq)
    );
`;

/** The commitment's pending transfer: one row while TransferPending or AwaitingHandover. */
export interface TransferRow {
  commitment_id: string;
  /** The redesigned institution, responsible until a handover is acknowledged. */
  institution_id: string;
  redesign_event_id: string;
  redesign_kind: CommitmentMarkedTransferPending['data']['redesign']['kind'];
  legal_instrument: string;
  effective_on: string;
  successor_ids_json: string;
  previous_status: string;
  pending_since: string;
  /** The `CommitmentTransferred` data once the Presidency decided to transfer. */
  decision_json: string | null;
  to_institution_id: string | null;
  receiving_unit: string | null;
  decided_on: string | null;
  decision_due_on: string | null;
  decision_limit_days: number | null;
  decision_overdue_since: string | null;
  handover_due_on: string | null;
  handover_limit_days: number | null;
  handover_overdue_since: string | null;
  position: string;
}

/** A Core Group concurrence on a transfer decision, tagged with the redesign it answers. */
export interface TransferConcurrenceRow {
  commitment_id: string;
  redesign_event_id: string;
  seq: number;
  decision: TransferDecisionConcurred['data']['decision'];
  to_institution_id: string | null;
  core_group_member_id: string;
  reference: string;
  concurred_on: string;
}

/** How one redesign was settled for the commitment: kept, or transferred and acknowledged. */
export interface SettledTransferRow {
  commitment_id: string;
  seq: number;
  outcome: 'maintained' | 'transferred';
  redesign_event_id: string;
  from_institution_id: string;
  to_institution_id: string;
  receiving_unit: string | null;
  reason: string;
  pending_since: string;
  decided_on: string;
  settled_on: string;
  /** Handover documents (title, sha256) as JSON; '[]' when maintained. */
  documents_json: string;
}

/**
 * Ends the pending transfer: the concurrences stay (tagged with their redesign) and the
 * settlement joins the history, as the fold's `transfers` keeps it.
 */
function settleTransfer(
  context: ProjectionContext,
  id: string,
  settled: Omit<
    SettledTransferRow,
    'commitment_id' | 'seq' | 'redesign_event_id' | 'pending_since'
  >,
) {
  const pending = context.get<TransferRow>(
    `SELECT * FROM commitment_transfer WHERE commitment_id = ?`,
    [id],
  );
  if (!pending) return false;
  context.run(
    `INSERT INTO commitment_settled_transfer (commitment_id, seq, outcome, redesign_event_id,
       from_institution_id, to_institution_id, receiving_unit, reason, pending_since, decided_on,
       settled_on, documents_json)
     VALUES (?, (SELECT COUNT(*) FROM commitment_settled_transfer WHERE commitment_id = ?),
             ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      id,
      id,
      settled.outcome,
      pending.redesign_event_id,
      settled.from_institution_id,
      settled.to_institution_id,
      settled.receiving_unit,
      settled.reason,
      pending.pending_since,
      settled.decided_on,
      settled.settled_on,
      settled.documents_json,
    ],
  );
  context.run(`DELETE FROM commitment_transfer WHERE commitment_id = ?`, [id]);
  return true;
}

export const transferHandlers: CommitmentHandlers<
  | 'CommitmentMarkedTransferPending'
  | 'TransferDecisionConcurred'
  | 'CommitmentMaintained'
  | 'CommitmentTransferred'
  | 'InformationHandoverAcknowledged'
  | 'TransferDecisionOverdue'
  | 'InformationHandoverOverdue'
> = {
  CommitmentMarkedTransferPending: handle<CommitmentMarkedTransferPending>((context, event, id) => {
    const d = event.data;
    context.run(
      `INSERT OR REPLACE INTO commitment_transfer (commitment_id, institution_id,
             redesign_event_id, redesign_kind, legal_instrument, effective_on, successor_ids_json,
             previous_status, pending_since, position)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        d.institutionId,
        d.redesign.eventId,
        d.redesign.kind,
        d.redesign.legalInstrument,
        d.redesign.effectiveOn,
        JSON.stringify(d.redesign.successorIds),
        d.previousStatus,
        d.markedOn,
        event.position,
      ],
    );
    moveTo(context, event, 'TransferPending', d.markedOn);
  }),
  TransferDecisionConcurred: handle<TransferDecisionConcurred>((context, event, id) => {
    const d = event.data;
    const pending = context.get<{ redesign_event_id: string }>(
      `SELECT redesign_event_id FROM commitment_transfer WHERE commitment_id = ?`,
      [id],
    );
    if (!pending) return; // as the fold: a concurrence with nothing pending changes nothing
    context.run(
      `INSERT INTO commitment_transfer_concurrence (commitment_id, redesign_event_id, seq,
           decision, to_institution_id, core_group_member_id, reference, concurred_on)
         VALUES (?, ?, (SELECT COUNT(*) FROM commitment_transfer_concurrence
                         WHERE commitment_id = ? AND redesign_event_id = ?), ?, ?, ?, ?, ?)`,
      [
        id,
        pending.redesign_event_id,
        id,
        pending.redesign_event_id,
        d.decision,
        d.toInstitutionId ?? null,
        d.coreGroupMemberId,
        d.reference,
        d.concurredOn,
      ],
    );
  }),
  CommitmentMaintained: handle<CommitmentMaintained>((context, event, id) => {
    const d = event.data;
    const settled = settleTransfer(context, id, {
      outcome: 'maintained',
      from_institution_id: d.institutionId,
      to_institution_id: d.institutionId,
      receiving_unit: null,
      reason: d.reason,
      decided_on: d.decidedOn,
      settled_on: d.decidedOn,
      documents_json: '[]',
    });
    if (settled) moveTo(context, event, d.resumedStatus, d.decidedOn);
  }),
  CommitmentTransferred: handle<CommitmentTransferred>((context, event, id) => {
    const d = event.data;
    const changed = context.run(
      `UPDATE commitment_transfer SET decision_json = ?, to_institution_id = ?,
           receiving_unit = ?, decided_on = ?, position = ?
          WHERE commitment_id = ?`,
      [JSON.stringify(d), d.toInstitutionId, d.receivingUnit, d.decidedOn, event.position, id],
    );
    if (changed.changes > 0) moveTo(context, event, 'AwaitingHandover', d.decidedOn);
  }),
  InformationHandoverAcknowledged: handle<InformationHandoverAcknowledged>((context, event, id) => {
    const d = event.data;
    const pending = context.get<TransferRow>(
      `SELECT * FROM commitment_transfer WHERE commitment_id = ? AND decision_json IS NOT NULL`,
      [id],
    );
    if (!pending) return; // the fold ignores an acknowledgement with no decision to transfer
    const decision = JSON.parse(pending.decision_json!) as CommitmentTransferred['data'];
    settleTransfer(context, id, {
      outcome: 'transferred',
      from_institution_id: d.fromInstitutionId,
      to_institution_id: d.toInstitutionId,
      receiving_unit: d.receivingUnit,
      reason: decision.reason,
      decided_on: decision.decidedOn,
      settled_on: d.acknowledgedOn,
      documents_json: JSON.stringify(d.documents ?? []),
    });
    // The receiving institution is responsible from now on, with the administrator the
    // decision named: lists, portfolios and who may read classified content follow it.
    context.run(
      `UPDATE commitment SET responsible_institution_id = ?, responsible_unit = ?,
             administrator_json = ? WHERE commitment_id = ?`,
      [d.toInstitutionId, d.receivingUnit, JSON.stringify(decision.administrator), id],
    );
    // A draft's acta is signed by the institution that carries it out: the new one signs.
    if (d.resumedStatus === 'Draft') {
      context.run(
        `DELETE FROM commitment_signature WHERE commitment_id = ? AND party = 'institution'`,
        [id],
      );
    }
    moveTo(context, event, d.resumedStatus, d.acknowledgedOn);
  }),
  TransferDecisionOverdue: deadline<TransferDecisionOverdue>((context, { data: d }, id) => {
    context.run(
      `UPDATE commitment_transfer SET decision_due_on = ?, decision_limit_days = ?,
             decision_overdue_since = ?
            WHERE commitment_id = ? AND pending_since = ? AND decision_json IS NULL`,
      [d.dueOn, d.limitDays, d.detectedOn, id, d.pendingSince],
    );
  }),
  InformationHandoverOverdue: deadline<InformationHandoverOverdue>((context, { data: d }, id) => {
    context.run(
      `UPDATE commitment_transfer SET handover_due_on = ?, handover_limit_days = ?,
             handover_overdue_since = ?
            WHERE commitment_id = ? AND decided_on = ? AND to_institution_id = ?`,
      [d.dueOn, d.limitDays, d.detectedOn, id, d.transferredOn, d.toInstitutionId],
    );
  }),
};

// ── view ─────────────────────────────────────────────────────────────────────────────────────

/** The pending transfer, as the fold's `transfer`, with the engine's overdue flags beside it. */
export interface TransferView {
  /** The redesigned institution, responsible until the handover is acknowledged. */
  institutionId: string;
  redesign: {
    eventId: string;
    kind: TransferRow['redesign_kind'];
    legalInstrument: string;
    effectiveOn: string;
    successorIds: string[];
  };
  previousStatus: string;
  pendingSince: string;
  concurrences: TransferDecisionConcurred['data'][];
  /** The decision to transfer (receiving institution and unit, administrator, reason, concurrence). */
  transferred: CommitmentTransferred['data'] | null;
  /** `TransferDecisionOverdue`: no keep-or-transfer decision within the limit. */
  decisionOverdue: { dueOn: string; limitDays: number; detectedOn: string } | null;
  /** `InformationHandoverOverdue`: the receiving institution has not acknowledged in time. */
  handoverOverdue: { dueOn: string; limitDays: number; detectedOn: string } | null;
}

/** A settled redesign, as the fold's `transfers`, with the reason and the handover documents. */
export interface SettledTransferView {
  outcome: 'maintained' | 'transferred';
  redesignEventId: string;
  fromInstitutionId: string;
  toInstitutionId: string;
  pendingSince: string;
  settledOn: string;
  receivingUnit: string | null;
  reason: string;
  decidedOn: string;
  documents: HandoverDocument[];
}

/** The concurrences given for one redesign of one commitment, in the order they came. */
function concurrencesOf(
  db: Database,
  commitmentId: string,
  redesignEventId: string,
): TransferDecisionConcurred['data'][] {
  return (
    prepared(
      db,
      `SELECT * FROM commitment_transfer_concurrence
          WHERE commitment_id = ? AND redesign_event_id = ? ORDER BY seq`,
    ).all(commitmentId, redesignEventId) as TransferConcurrenceRow[]
  ).map((c) => ({
    coreGroupMemberId: c.core_group_member_id,
    reference: c.reference,
    concurredOn: c.concurred_on,
    decision: c.decision,
    toInstitutionId: c.to_institution_id,
  }));
}

/** A pending transfer row as the detail and the transfer queue show it. */
export function toTransferView(db: Database, t: TransferRow): TransferView {
  return {
    institutionId: t.institution_id,
    redesign: {
      eventId: t.redesign_event_id,
      kind: t.redesign_kind,
      legalInstrument: t.legal_instrument,
      effectiveOn: t.effective_on,
      successorIds: JSON.parse(t.successor_ids_json) as string[],
    },
    previousStatus: t.previous_status,
    pendingSince: t.pending_since,
    concurrences: concurrencesOf(db, t.commitment_id, t.redesign_event_id),
    transferred: t.decision_json
      ? (JSON.parse(t.decision_json) as CommitmentTransferred['data'])
      : null,
    decisionOverdue:
      t.decision_overdue_since !== null
        ? {
            dueOn: t.decision_due_on!,
            limitDays: t.decision_limit_days!,
            detectedOn: t.decision_overdue_since,
          }
        : null,
    handoverOverdue:
      t.handover_overdue_since !== null
        ? {
            dueOn: t.handover_due_on!,
            limitDays: t.handover_limit_days!,
            detectedOn: t.handover_overdue_since,
          }
        : null,
  };
}

/** The commitment's pending transfer; null unless TransferPending or AwaitingHandover. */
export function pendingTransferView(db: Database, commitmentId: string): TransferView | null {
  const row = prepared(db, `SELECT * FROM commitment_transfer WHERE commitment_id = ?`).get(
    commitmentId,
  ) as TransferRow | undefined;
  return row ? toTransferView(db, row) : null;
}

/** Every redesign settled for the commitment, oldest first. */
export function settledTransfersView(db: Database, commitmentId: string): SettledTransferView[] {
  return (
    prepared(
      db,
      `SELECT * FROM commitment_settled_transfer WHERE commitment_id = ? ORDER BY seq`,
    ).all(commitmentId) as SettledTransferRow[]
  ).map((t) => ({
    outcome: t.outcome,
    redesignEventId: t.redesign_event_id,
    fromInstitutionId: t.from_institution_id,
    toInstitutionId: t.to_institution_id,
    pendingSince: t.pending_since,
    settledOn: t.settled_on,
    receivingUnit: t.receiving_unit,
    reason: t.reason,
    decidedOn: t.decided_on,
    documents: JSON.parse(t.documents_json) as HandoverDocument[],
  }));
}
