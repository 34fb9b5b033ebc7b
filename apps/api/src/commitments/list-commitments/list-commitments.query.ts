import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { CommitmentStatus } from '@hitos/domain';
import { listCommitments } from '@hitos/read-models';
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

export class ListCommitmentsQuery extends Query<CommitmentPage> {
  constructor(
    readonly filters: CommitmentFilters,
    readonly limit: number,
    readonly offset: number,
    readonly waitFor?: string,
  ) {
    super();
  }
}

/** From the commitment-detail read model: filtered and paged in SQL, ordered by plan and number. */
@QueryHandler(ListCommitmentsQuery)
export class ListCommitmentsHandler implements IQueryHandler<ListCommitmentsQuery> {
  constructor(private readonly views: ReadModels) {}

  async execute({
    filters,
    limit,
    offset,
    waitFor,
  }: ListCommitmentsQuery): Promise<CommitmentPage> {
    const { db, position } = await this.views.open('commitment-detail', waitFor);
    const page = listCommitments(db, filters, { limit, offset });
    return {
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
  }
}
