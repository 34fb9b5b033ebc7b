import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { readModelPosition } from '@hitos/projections';
import {
  commitmentHead,
  getCommitmentDetail,
  type CommitmentDetailView,
  type Reader,
} from '@hitos/read-models';
import { etagOf } from '../../context/request-context';
import {
  Representations,
  ifNoneMatchHas,
  withPosition,
  type Audience,
  type Representation,
} from '../../http/http-caching';
import { ReadModels } from '../../read-models/read-models.service';

/**
 * One commitment as `reader` may see it, in its present: its representation (null when no such
 * commitment exists, or its drafting is not yet projected).
 */
export class GetCommitmentQuery extends Query<Representation | null> {
  constructor(
    readonly commitmentId: string,
    readonly reader: Reader,
    readonly audience: Audience,
    readonly waitFor?: string,
    /** The `If-None-Match` the caller sent: when it names the current ETag, no body is built. */
    readonly held?: string,
  ) {
    super();
  }
}

/**
 * The view as the API sends it, without the `$all` position the answer reflects (put in front
 * of it per answer, see {@link withPosition}): the revision as a string, the commitment's own
 * position apart.
 */
export function shapedCommitment(view: CommitmentDetailView) {
  const { revision, position: commitmentPosition, ...commitment } = view;
  return {
    ...commitment,
    revision: String(revision),
    /** The $all position of the commitment's last event. */
    commitmentPosition,
  };
}

/**
 * From the commitment-detail read model alone: no round trip to the store. The model answers
 * as it stands — once it reflects `waitFor` when asked (503 READ_MODEL_BEHIND past 5 s), and
 * this process's own latest write in any case (read-your-writes, see ReadModels.open); a write
 * made through another process shows once projected (milliseconds).
 *
 * The ETag is the row's stream revision (what `If-Match` compares with); when the caller holds
 * it the answer is a 304 built from that one row. Otherwise the JSON comes from
 * {@link Representations}, keyed by the revision and by whether the reader sees classified
 * content (the only way the view depends on its reader): an anonymous reader never gets the
 * bytes built for a party, whichever was asked first.
 */
@QueryHandler(GetCommitmentQuery)
export class GetCommitmentHandler implements IQueryHandler<GetCommitmentQuery> {
  constructor(
    private readonly views: ReadModels,
    private readonly representations: Representations,
  ) {}

  async execute({
    commitmentId,
    reader,
    audience,
    waitFor,
    held,
  }: GetCommitmentQuery): Promise<Representation | null> {
    const db = await this.views.model('commitment-detail', waitFor);
    // From here on, synchronous: the head, the position and the view are of one state.
    const head = commitmentHead(db, commitmentId, reader);
    if (!head) return null;
    const etag = etagOf(head.revision);
    if (ifNoneMatchHas(held, etag)) return { etag, audience, json: null };
    const rest = this.representations.json(
      `commitment\u0000${commitmentId}\u0000${head.revision}\u0000${head.seesClassified ? 'classified' : 'public'}`,
      () => JSON.stringify(shapedCommitment(getCommitmentDetail(db, commitmentId, reader)!)),
    );
    return { etag, audience, json: withPosition(readModelPosition(db), rest) };
  }
}
