import type { CommitmentEvent, CommitmentStatus } from '@hitos/domain';
import type {
  ProjectedEvent,
  ProjectedOf,
  ProjectionContext,
  ProjectionHandler,
  ProjectionHandlers,
} from '@hitos/projections';
import { commitmentIdOf, onCommitment } from '../commitment-events';

/**
 * How every handler of the commitment detail is made: for one event type, with the commitment's
 * id, keeping the commitment row's revision (see commitment-row.ts for the tables).
 */

/** The handlers of a set of commitment event types, each typed by its event's data. */
export type CommitmentHandlers<T extends CommitmentEvent['type']> = ProjectionHandlers<
  Extract<CommitmentEvent, { type: T }>
>;

/**
 * Every event moves the row's revision and position, whatever else it changes, so the row
 * always names the last event it reflects (the ETag a write expects, the `$all` position a
 * response reflects).
 */
function touch(context: ProjectionContext, event: ProjectedEvent) {
  context.run(
    `UPDATE commitment SET revision = ?, position = ?, updated_at = ? WHERE commitment_id = ?`,
    [event.revision, event.position, event.recordedAt, commitmentIdOf(event)],
  );
}

export function moveTo(
  context: ProjectionContext,
  event: ProjectedEvent,
  status: CommitmentStatus,
  since: string,
) {
  const id = commitmentIdOf(event);
  context.run(`UPDATE commitment SET status = ? WHERE commitment_id = ?`, [status, id]);
  context.run(
    `INSERT INTO commitment_status_history (commitment_id, seq, status, since, position)
     VALUES (?, (SELECT COUNT(*) FROM commitment_status_history WHERE commitment_id = ?), ?, ?, ?)`,
    [id, id, status, since, event.position],
  );
}

/**
 * A handler for one commitment event type: runs `body` with the commitment's id, then moves the
 * row's revision and position to the event (see {@link touch}).
 */
export const handle = <E extends CommitmentEvent>(
  body: (context: ProjectionContext, event: ProjectedOf<E>, id: string) => void,
): ProjectionHandler<E> =>
  onCommitment<E>((context, event) => {
    body(context, event, commitmentIdOf(event));
    touch(context, event);
  });
