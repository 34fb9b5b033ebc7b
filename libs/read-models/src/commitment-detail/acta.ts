import { type ActaSignatureAdded, type ActaSigned } from '@hitos/domain';
import { handle, moveTo, type CommitmentHandlers } from './commitment-handler';

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
