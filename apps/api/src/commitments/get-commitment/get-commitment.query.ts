import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { commitmentStreamName } from '@hitos/domain';
import { EventStore } from '@hitos/event-store';
import { getCommitmentDetail, type CommitmentDetailView, type Reader } from '@hitos/read-models';
import { ReadModels } from '../../read-models/read-models.service';

/** One commitment as `reader` may see it, and the `$all` position the answer reflects. */
export interface CommitmentRead {
  /** Null when no such commitment exists (or its drafting is not yet projected). */
  view: CommitmentDetailView | null;
  /** The commitment-detail model's checkpoint when it answered. */
  position: string | null;
}

export class GetCommitmentQuery extends Query<CommitmentRead> {
  constructor(
    readonly commitmentId: string,
    readonly reader: Reader,
    readonly waitFor?: string,
  ) {
    super();
  }
}

/**
 * From the commitment-detail read model, not a fold of the stream. Without `waitFor` it first
 * reads the stream's last event (one event, backwards: O(1) whatever the history's length) and
 * waits briefly for the model to reflect it, so the answer and its ETag are the stream's
 * current revision even for a write made elsewhere (another process, the workflow engine) and a
 * commitment that does not exist is a 404 at once. With `waitFor` it waits for that position
 * (503 READ_MODEL_BEHIND past 5 s), as every read model query does.
 */
@QueryHandler(GetCommitmentQuery)
export class GetCommitmentHandler implements IQueryHandler<GetCommitmentQuery> {
  constructor(
    private readonly views: ReadModels,
    private readonly store: EventStore,
  ) {}

  async execute({ commitmentId, reader, waitFor }: GetCommitmentQuery): Promise<CommitmentRead> {
    if (waitFor !== undefined) {
      const { db, position } = await this.views.open('commitment-detail', waitFor);
      return { view: getCommitmentDetail(db, commitmentId, reader), position };
    }
    const tail = await this.store.lastEventOf(commitmentStreamName(commitmentId));
    if (!tail) return { view: null, position: null };
    const { db, position } = tail.position
      ? await this.views.openReflecting('commitment-detail', tail.position.commit)
      : await this.views.open('commitment-detail');
    return { view: getCommitmentDetail(db, commitmentId, reader), position };
  }
}
