import type { Database } from 'better-sqlite3';
import { type ActaSignatureAdded, type ActaSigned } from '@hitos/domain';
import { prepared } from '@hitos/projections';
import { handle, moveTo, type CommitmentHandlers } from './commitment-handler';
import type { CommitmentRow } from './commitment-row';

/** The acta's signatures, one per party; the acta itself is a column set of the commitment row. */
export const ACTA_TABLES = `
    CREATE TABLE commitment_signature (
      commitment_id TEXT NOT NULL,
      party TEXT NOT NULL,
      acta_number TEXT NOT NULL,
      signed_on TEXT NOT NULL,
      place TEXT NOT NULL,
      signatory_name TEXT NOT NULL,
      signatory_position TEXT NOT NULL,
      PRIMARY KEY (commitment_id, party)
    );
`;

export interface SignatureRow {
  commitment_id: string;
  party: 'institution' | 'counterpart';
  acta_number: string;
  signed_on: string;
  place: string;
  signatory_name: string;
  signatory_position: string;
}

export const actaHandlers: CommitmentHandlers<'ActaSignatureAdded' | 'ActaSigned'> = {
  ActaSignatureAdded: handle<ActaSignatureAdded>((context, { data: d }, id) => {
    context.run(
      `INSERT INTO commitment_signature (commitment_id, party, acta_number, signed_on, place,
           signatory_name, signatory_position)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [id, d.party, d.actaNumber, d.signedOn, d.place, d.signatory.name, d.signatory.position],
    );
  }),
  ActaSigned: handle<ActaSigned>((context, event, id) => {
    const d = event.data;
    context.run(
      `UPDATE commitment SET acta_number = ?, acta_signed_on = ?, acta_place = ?,
           acta_json = ?, administrator_json = ? WHERE commitment_id = ?`,
      [d.actaNumber, d.signedOn, d.place, JSON.stringify(d), JSON.stringify(d.administrator), id],
    );
    moveTo(context, event, 'InImplementation', d.signedOn);
  }),
};

// ── view ─────────────────────────────────────────────────────────────────────────────────────

/** One party's signature of the acta. */
export interface SignatureView {
  actaNumber: string;
  signedOn: string;
  place: string;
  signatory: { name: string; position: string };
}

/** The acta's signatures, one per party; null while that party has not signed. */
export interface SignaturesView {
  institution: SignatureView | null;
  counterpart: SignatureView | null;
}

/** The signatures of the commitment's acta, by party. */
export function signaturesView(db: Database, commitmentId: string): SignaturesView {
  const rows = prepared(db, `SELECT * FROM commitment_signature WHERE commitment_id = ?`).all(
    commitmentId,
  ) as SignatureRow[];
  const signature = (party: SignatureRow['party']): SignatureView | null => {
    const s = rows.find((x) => x.party === party);
    return s
      ? {
          actaNumber: s.acta_number,
          signedOn: s.signed_on,
          place: s.place,
          signatory: { name: s.signatory_name, position: s.signatory_position },
        }
      : null;
  };
  return { institution: signature('institution'), counterpart: signature('counterpart') };
}

/** The `ActaSigned` data the commitment row keeps; null until the acta is signed. */
export function actaView(row: CommitmentRow): ActaSigned['data'] | null {
  return row.acta_json ? (JSON.parse(row.acta_json) as ActaSigned['data']) : null;
}
