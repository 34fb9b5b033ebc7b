import {
  commitmentProgress,
  strictestOf,
  type Classification,
  type EvidenceItem,
} from '@hitos/domain';
import type {
  EventShape,
  ProjectedEvent,
  ProjectionContext,
  ProjectionHandler,
} from '@hitos/projections';

export const COMMITMENT_PREFIX = 'commitment-';

export const commitmentIdOf = (event: ProjectedEvent) =>
  event.streamId.slice(COMMITMENT_PREFIX.length);

/** Wraps a handler so it runs only for events of commitment streams. */
export const onCommitment =
  <E extends EventShape>(handler: ProjectionHandler<E>): ProjectionHandler<E> =>
  (context, event) => {
    // Type names are unique across categories today; the guard keeps it so if one is reused.
    if (event.streamId.startsWith(COMMITMENT_PREFIX)) handler(context, event);
  };

const RANK: Record<Classification, number> = { public: 0, reserved: 1, confidential: 2 };

/** The most restrictive classification among the items: one reserved item makes it reserved. */
export function strictestClassification(
  items: readonly Pick<EvidenceItem, 'classification'>[],
): Classification {
  let strictest: Classification = 'public';
  for (const item of items) {
    if ((RANK[item.classification] ?? 2) > RANK[strictest]) strictest = item.classification;
  }
  return strictest;
}

/** The classification of a progress report's own text (its narrative), as recorded or upcast. */
export function reportTextClassification(data: any): Classification {
  return (
    (data?.classification as Classification | undefined) ??
    strictestOf(((data?.evidence ?? []) as EvidenceItem[]).map((item) => item.classification))
  );
}

/**
 * The strictest classification among an event's parts (docs/reserve.md): a progress report's
 * narrative and evidence items, a review's reasons, an answer, a submitted report, a closure's
 * results narrative and evidence. A reply that names none inherits its report's text
 * classification (`reportText`, unknown → confidential). An event with no classifiable part —
 * an endorsement without reasons included — is public.
 */
export function eventClassification(
  type: string,
  data: any,
  reportText: (reportId: string) => Classification | undefined,
): Classification {
  const evidence = ((data?.evidence ?? []) as EvidenceItem[]).map((item) => item.classification);
  const inherited = () => reportText(data?.reportId) ?? 'confidential';
  switch (type) {
    case 'MilestoneProgressReported':
      return strictestOf([reportTextClassification(data), ...evidence]);
    case 'ProgressReportReviewed':
      if (typeof data?.reasons !== 'string' || data.reasons === '') return 'public';
      return (data.classification as Classification | undefined) ?? inherited();
    case 'ObjectionAnswered':
      return (data?.classification as Classification | undefined) ?? inherited();
    case 'CommitmentClosed':
      return strictestOf([
        (data?.classification as Classification | undefined) ?? 'public',
        ...evidence,
      ]);
    case 'ReportSubmitted':
      return (data?.classification as Classification | undefined) ?? 'confidential';
    default:
      return 'public';
  }
}

/**
 * The calendar date of the fact an event records: the command's `occurredAt` when hitos wrote
 * it, else when it was recorded. Used where an event has no date of its own in its data.
 */
export const factDateOf = (event: ProjectedEvent): string =>
  (typeof event.metadata?.occurredAt === 'string'
    ? event.metadata.occurredAt
    : event.recordedAt
  ).slice(0, 10);

/**
 * Sets a commitment's progress with the domain's own roll-up over its milestone rows, which
 * every model that shows progress keeps in a table of its own (`milestones`, with columns
 * `weight`, `last_endorsed_percent`, `completed`) beside its commitment table (`commitments`).
 * Table names are the models' own constants, never input.
 */
export function rollUpProgress(
  context: ProjectionContext,
  commitmentId: string,
  tables: { milestones: string; commitments: string },
): void {
  const milestones = context
    .all<{ weight: number; last_endorsed_percent: number; completed: number }>(
      `SELECT weight, last_endorsed_percent, completed FROM ${tables.milestones}
        WHERE commitment_id = ? ORDER BY milestone_id`,
      [commitmentId],
    )
    .map((m) => ({
      weight: m.weight,
      lastEndorsedPercent: m.last_endorsed_percent,
      completed: m.completed === 1,
    }));
  context.run(`UPDATE ${tables.commitments} SET progress = ? WHERE commitment_id = ?`, [
    commitmentProgress(milestones),
    commitmentId,
  ]);
}
