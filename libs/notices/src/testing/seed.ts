import { randomUUID } from 'node:crypto';
import type { EventStore } from '@hitos/event-store';

/** Appends events as stored facts (schema version 1, recorded at `at`), without a decider. */
export async function appendFacts(
  store: EventStore,
  stream: string,
  events: readonly { type: string; data: unknown }[],
  at: Date,
) {
  return store.appendToStream(
    stream,
    events.map((event) => ({
      id: randomUUID(),
      type: event.type,
      data: event.data,
      metadata: { schemaVersion: 1, recordedAt: at.toISOString() },
    })),
    'any',
  );
}

/** What the outbox needs of a draft: its plan, number, title and parties. */
export const drafted = (
  commitmentId: string,
  parties: { planId: string; institutionId: string; counterpartId: string; title?: string },
) => ({
  type: 'CommitmentDrafted',
  data: {
    commitmentId,
    planId: parties.planId,
    number: 1,
    title: parties.title ?? `Compromiso ${commitmentId}`,
    responsible: { institutionId: parties.institutionId, unit: 'Dirección' },
    counterpart: { organizationId: parties.counterpartId, sector: 'civil-society' },
  },
});

export const overdue = (milestoneId: string) => ({
  type: 'MilestoneOverdue',
  data: { milestoneId, due: '2026-07-01', detectedOn: '2026-07-02' },
});

export const uniqueId = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;
