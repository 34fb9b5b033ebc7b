import { HITOS_EVENT_SCHEMA_VERSIONS } from '@hitos/domain';
import type { EventStore, AppendOutcome } from '@hitos/event-store';
import type { RecordedInAll } from '@hitos/projections';
import {
  COMMITMENT_ID,
  actaWorld,
  actors,
  completeRedesignHandling,
  engine,
  recordRedesignHandling,
  transferSteps,
  type FakeAll,
} from '@hitos/testing';

/** A reserved report SERCOP submits once the commitment is its own. */
export const SERCOP_RESERVED_REPORT = {
  type: 'ReportSubmitted',
  data: {
    reportId: 'inf-sercop',
    audience: 'presidency',
    submittedBy: 'institution',
    title: 'Informe reservado del SERCOP',
    summary: 'Reservado',
    classification: 'reserved',
    submittedOn: '2026-09-01',
  },
};

/**
 * The acta's world (`actaWorld`: registrations, the signed commitment, reports with public,
 * reserved and confidential evidence, a reserved report to the Presidency) and then MDT's
 * redesign, which hands the commitment over to SERCOP, which submits a reserved report.
 */
export function transferredActaWorld(): FakeAll {
  const all = actaWorld();
  recordRedesignHandling(all, [COMMITMENT_ID]);
  engine(all, COMMITMENT_ID, [transferSteps.marked()]);
  completeRedesignHandling(all, [COMMITMENT_ID]);
  all.commitment(COMMITMENT_ID, [transferSteps.transferred()] as any, actors.presidency);
  engine(all, COMMITMENT_ID, [transferSteps.handoverOverdue()]);
  all.commitment(COMMITMENT_ID, [transferSteps.acknowledged()] as any, actors.otherInstitution);
  all.commitment(COMMITMENT_ID, [SERCOP_RESERVED_REPORT] as any, actors.otherInstitution);
  return all;
}

/**
 * Appends the world's events to a real store in their order, each with its type's current
 * schema version (FakeAll writes the data in the current shape) and its id; returns each
 * append's outcome.
 */
export async function appendWorld(
  store: EventStore,
  events: readonly RecordedInAll[],
): Promise<AppendOutcome[]> {
  const outcomes: AppendOutcome[] = [];
  for (const event of events) {
    outcomes.push(
      await store.appendToStream(
        event.streamId,
        [
          {
            id: event.id,
            type: event.type,
            data: event.data,
            metadata: {
              ...(event.metadata as Record<string, unknown>),
              schemaVersion:
                HITOS_EVENT_SCHEMA_VERSIONS[
                  event.type as keyof typeof HITOS_EVENT_SCHEMA_VERSIONS
                ] ?? 1,
            },
          },
        ],
        'any',
      ),
    );
  }
  return outcomes;
}

/**
 * The world with a clock that only moves forwards: each event recorded one minute after the
 * one before, from `start` (FakeAll's times are all on one day, in no order).
 */
export function withForwardClock(events: readonly RecordedInAll[], start: string): RecordedInAll[] {
  const from = Date.parse(start);
  return events.map((event, i) => {
    const at = new Date(from + i * 60_000).toISOString();
    return {
      ...event,
      metadata: { ...(event.metadata as Record<string, unknown>), occurredAt: at, recordedAt: at },
    };
  });
}
