import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { commitmentDecider, commitmentStreamName, type CommitmentStatus } from '@hitos/domain';
import { CommandHandling } from '@hitos/event-store';
import { StreamCatalog } from '../../http/stream-catalog';

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
}

export interface CommitmentPage {
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
  ) {
    super();
  }
}

/**
 * Folds every commitment the catalog knows (eventually consistent: a new commitment appears
 * once the catalog has seen it), filters, orders by plan and number, and pages.
 */
@QueryHandler(ListCommitmentsQuery)
export class ListCommitmentsHandler implements IQueryHandler<ListCommitmentsQuery> {
  constructor(
    private readonly streams: CommandHandling,
    private readonly catalog: StreamCatalog,
  ) {}

  async execute({ filters, limit, offset }: ListCommitmentsQuery): Promise<CommitmentPage> {
    const loaded = await Promise.all(
      this.catalog
        .list('commitment')
        .map((id) => this.streams.load(commitmentStreamName(id), commitmentDecider)),
    );
    const matching: CommitmentSummary[] = [];
    for (const { state, revision } of loaded) {
      if (state.status === 'Empty') continue;
      if (filters.planId && state.planId !== filters.planId) continue;
      if (filters.institutionId && state.responsible.institutionId !== filters.institutionId)
        continue;
      if (filters.counterpartId && state.counterpart.organizationId !== filters.counterpartId)
        continue;
      if (filters.status && state.status !== filters.status) continue;
      matching.push({
        id: state.commitmentId,
        planId: state.planId,
        number: state.number,
        title: state.title,
        status: state.status,
        progress: state.progress,
        responsible: state.responsible,
        counterpart: state.counterpart,
        revision: revision.toString(),
      });
    }
    matching.sort(
      (a, b) => a.planId.localeCompare(b.planId) || a.number - b.number || a.id.localeCompare(b.id),
    );
    return { items: matching.slice(offset, offset + limit), total: matching.length, limit, offset };
  }
}
