import type { Command, Decider, DomainEvent } from '../kernel/decider';
import { dateOf, type IsoDate } from '../kernel/dates';
import type { DomainError } from '../kernel/domain-error';
import { Errors } from '../kernel/error-catalogue';
import {
  firstError,
  requireArray,
  requireEnum,
  requireRole,
  requireText,
  requireTimestamp,
} from '../kernel/validation';
import type { InstitutionRedesigned } from '../institution/institution.events';

/**
 * The redesign workflow's own record of one `InstitutionRedesigned`: which commitments it had to
 * move to TransferPending (the ones the institution held at that point of history), and, once
 * every one was handled, what became of each. Its stream is `redesignhandling-<redesign event id>`.
 */
export type RedesignHandlingStarted = DomainEvent<
  'RedesignHandlingStarted',
  {
    redesignEventId: string;
    redesign: InstitutionRedesigned['data'];
    commitmentIds: string[];
    startedOn: IsoDate;
  }
>;

/** `marked`: now TransferPending; `unchanged`: nothing to do (e.g. settled meanwhile). */
export type RedesignHandlingOutcome = 'marked' | 'unchanged' | 'refused';
const OUTCOMES: readonly RedesignHandlingOutcome[] = ['marked', 'unchanged', 'refused'];

export type RedesignHandlingCompleted = DomainEvent<
  'RedesignHandlingCompleted',
  {
    results: { commitmentId: string; outcome: RedesignHandlingOutcome; code?: string }[];
    completedOn: IsoDate;
  }
>;

export type RedesignHandlingEvent = RedesignHandlingStarted | RedesignHandlingCompleted;

export const REDESIGN_HANDLING_EVENT_SCHEMA_VERSIONS: Record<
  RedesignHandlingEvent['type'],
  number
> = {
  RedesignHandlingStarted: 1,
  RedesignHandlingCompleted: 1,
};

export type StartRedesignHandling = Command<
  'StartRedesignHandling',
  Omit<RedesignHandlingStarted['data'], 'startedOn'>
>;
export type CompleteRedesignHandling = Command<
  'CompleteRedesignHandling',
  Omit<RedesignHandlingCompleted['data'], 'completedOn'> & { redesignEventId: string }
>;
export type RedesignHandlingCommand = StartRedesignHandling | CompleteRedesignHandling;

export type RedesignHandlingState =
  | { status: 'NotStarted' }
  | {
      status: 'Started' | 'Completed';
      redesignEventId: string;
      institutionId: string;
      commitmentIds: string[];
      results: RedesignHandlingCompleted['data']['results'];
    };

export const redesignHandlingStreamName = (redesignEventId: string) =>
  `redesignhandling-${redesignEventId}`;

function decide(
  command: RedesignHandlingCommand,
  state: RedesignHandlingState,
): RedesignHandlingEvent[] | DomainError {
  const refusal =
    requireTimestamp('metadata.now', command.metadata?.now) ??
    requireRole(command.type, command.metadata.actor, ['system']);
  if (refusal) return refusal;
  const today = dateOf(command.metadata.now);
  switch (command.type) {
    case 'StartRedesignHandling': {
      const invalid =
        requireText('redesignEventId', command.data.redesignEventId) ??
        requireText('redesign.institutionId', command.data.redesign?.institutionId) ??
        requireArray('redesign.successorIds', command.data.redesign.successorIds) ??
        requireArray('commitmentIds', command.data.commitmentIds);
      if (invalid) return invalid;
      // Started once: a second start (a restart, a second instance) records nothing new.
      if (state.status !== 'NotStarted') return [];
      // The stored event carries its own fields only, whatever else the command brought.
      const { redesignEventId, redesign, commitmentIds } = command.data;
      return [
        {
          type: 'RedesignHandlingStarted',
          data: {
            redesignEventId,
            redesign: {
              institutionId: redesign.institutionId,
              kind: redesign.kind,
              legalInstrument: redesign.legalInstrument,
              effectiveOn: redesign.effectiveOn,
              successorIds: [...redesign.successorIds],
              ...(redesign.newName !== undefined ? { newName: redesign.newName } : {}),
            },
            commitmentIds: [...commitmentIds],
            startedOn: today,
          },
        },
      ];
    }
    case 'CompleteRedesignHandling': {
      const results = command.data.results;
      const invalid =
        requireArray('results', results) ??
        firstError(
          results,
          (result, i) =>
            requireText(`results[${i}].commitmentId`, result?.commitmentId) ??
            requireEnum(`results[${i}].outcome`, result.outcome, OUTCOMES),
        );
      if (invalid) return invalid;
      if (state.status === 'NotStarted')
        return Errors.redesignHandlingNotStarted(command.data.redesignEventId);
      if (state.status === 'Completed') return [];
      return [
        {
          type: 'RedesignHandlingCompleted',
          data: {
            results: results.map(({ commitmentId, outcome, code }) => ({
              commitmentId,
              outcome,
              ...(code !== undefined ? { code } : {}),
            })),
            completedOn: today,
          },
        },
      ];
    }
  }
}

function evolve(state: RedesignHandlingState, event: RedesignHandlingEvent): RedesignHandlingState {
  switch (event.type) {
    case 'RedesignHandlingStarted':
      return {
        status: 'Started',
        redesignEventId: event.data.redesignEventId,
        institutionId: event.data.redesign.institutionId,
        commitmentIds: event.data.commitmentIds,
        results: [],
      };
    case 'RedesignHandlingCompleted':
      return state.status === 'NotStarted'
        ? state
        : { ...state, status: 'Completed', results: event.data.results };
    default:
      return state;
  }
}

export const redesignHandlingDecider: Decider<
  RedesignHandlingCommand,
  RedesignHandlingEvent,
  RedesignHandlingState
> = {
  initialState: () => ({ status: 'NotStarted' }),
  evolve,
  decide,
};
