import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { CommitmentStatus } from '@hitos/domain';
import { readModelPosition } from '@hitos/projections';
import { listCommitments } from '@hitos/read-models';
import {
  Representations,
  ifNoneMatchHas,
  type Audience,
  type Representation,
} from '../../http/http-caching';
import { ReadModels } from '../../read-models/read-models.service';

export interface CommitmentFilters {
  planId?: string;
  institutionId?: string;
  counterpartId?: string;
  status?: CommitmentStatus;
}

/** One line of the list: enough to find a commitment and see how it goes. */
export interface CommitmentSummary {
  id: string;
  planId: string;
  number: number;
  title: string;
  status: CommitmentStatus;
  progress: number;
  responsible: { institutionId: string; unit: string };
  counterpart: { organizationId: string; sector: string };
  revision: string;
  pillars: string[];
  period: { start: string; end: string };
  position: string;
  updatedAt: string;
}

export interface CommitmentPage {
  /** The `$all` position the page reflects. */
  position: string | null;
  items: CommitmentSummary[];
  total: number;
  limit: number;
  offset: number;
}

/** A page of the list as JSON (a {@link CommitmentPage}), with its ETag. */
export class ListCommitmentsQuery extends Query<Representation> {
  constructor(
    readonly filters: CommitmentFilters,
    readonly limit: number,
    readonly offset: number,
    readonly audience: Audience,
    readonly waitFor?: string,
    /** The `If-None-Match` the caller sent: when it names the current ETag, no body is built. */
    readonly held?: string,
  ) {
    super();
  }
}

/**
 * From the commitment-detail read model: filtered and paged in SQL, ordered by plan and number.
 * Summaries hold nothing classified, so every reader gets the same page. Its version is the
 * model's position (the page says which position it reflects): the ETag is `W/"p<position>"`,
 * a caller holding it gets a 304 before anything is read, and the JSON of a page is built once
 * per position and filters.
 */
@QueryHandler(ListCommitmentsQuery)
export class ListCommitmentsHandler implements IQueryHandler<ListCommitmentsQuery> {
  constructor(
    private readonly views: ReadModels,
    private readonly representations: Representations,
  ) {}

  async execute({
    filters,
    limit,
    offset,
    audience,
    waitFor,
    held,
  }: ListCommitmentsQuery): Promise<Representation> {
    const db = await this.views.model('commitment-detail', waitFor);
    // Synchronous from here: the position and the page are of one state.
    const position = readModelPosition(db);
    const etag = `W/"p${position ?? ''}"`;
    if (ifNoneMatchHas(held, etag)) return { etag, audience, json: null };
    const { planId, institutionId, counterpartId, status } = filters;
    const key = JSON.stringify([
      position,
      planId,
      institutionId,
      counterpartId,
      status,
      limit,
      offset,
    ]);
    const json = this.representations.json(`commitments\u0000${key}`, () => {
      const page = listCommitments(db, filters, { limit, offset });
      const answer: CommitmentPage = {
        position,
        items: page.items.map(({ commitmentId, revision, ...item }) => ({
          id: commitmentId,
          ...item,
          revision: String(revision),
        })),
        total: page.total,
        limit: page.limit,
        offset: page.offset,
      };
      return JSON.stringify(answer);
    });
    return { etag, audience, json };
  }
}
