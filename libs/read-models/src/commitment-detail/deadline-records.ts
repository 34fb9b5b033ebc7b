import type { Database } from 'better-sqlite3';
import { type DeadlineEvent, deadlineKey } from '@hitos/domain';
import {
  prepared,
  type ProjectedOf,
  type ProjectionContext,
  type ProjectionHandler,
} from '@hitos/projections';
import { handle } from './commitment-handler';

/** Every deadline event recorded once, under the domain's own key (`deadlineKey`). */
export const DEADLINE_RECORD_TABLES = `
    CREATE TABLE commitment_deadline (
      commitment_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      key TEXT NOT NULL,
      type TEXT NOT NULL,
      position TEXT NOT NULL,
      PRIMARY KEY (commitment_id, seq)
    );
`;

/** Every deadline event recorded once, under the domain's own key (`deadlineKey`). */
export interface DeadlineRecordRow {
  commitment_id: string;
  seq: number;
  key: string;
  type: DeadlineEvent['type'];
  position: string;
}

export /** Records a deadline event under its key, as the fold's `deadlinesRecorded` lists them. */
const deadline = <E extends DeadlineEvent>(
  body?: (context: ProjectionContext, event: ProjectedOf<E>, id: string) => void,
): ProjectionHandler<E> =>
  handle<E>((context, event, id) => {
    context.run(
      `INSERT INTO commitment_deadline (commitment_id, seq, key, type, position)
       VALUES (?, (SELECT COUNT(*) FROM commitment_deadline WHERE commitment_id = ?), ?, ?, ?)`,
      [
        id,
        id,
        deadlineKey({ type: event.type, data: event.data } as DeadlineEvent),
        event.type,
        event.position,
      ],
    );
    body?.(context, event, id);
  });

/** The keys of the commitment's deadline events, in the order they were recorded. */
export function deadlinesRecordedView(db: Database, commitmentId: string): string[] {
  return (
    prepared(db, `SELECT * FROM commitment_deadline WHERE commitment_id = ? ORDER BY seq`).all(
      commitmentId,
    ) as DeadlineRecordRow[]
  ).map((d) => d.key);
}
