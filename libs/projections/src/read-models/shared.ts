import type { Classification, EvidenceItem } from '@hitos/domain';
import type { ProjectedEvent, ProjectionHandler } from '../projection';

export const COMMITMENT_PREFIX = 'commitment-';

export const commitmentIdOf = (event: ProjectedEvent) =>
  event.streamId.slice(COMMITMENT_PREFIX.length);

/** Wraps a handler so it runs only for events of commitment streams. */
export const onCommitment =
  (handler: ProjectionHandler): ProjectionHandler =>
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

/**
 * The calendar date of the fact an event records: the command's `occurredAt` when hitos wrote
 * it, else when it was recorded. Used where an event has no date of its own in its data.
 */
export const factDateOf = (event: ProjectedEvent): string =>
  (typeof event.metadata?.occurredAt === 'string'
    ? event.metadata.occurredAt
    : event.recordedAt
  ).slice(0, 10);
