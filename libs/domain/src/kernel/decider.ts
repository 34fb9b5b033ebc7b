import type { Actor } from './actor';
import type { DomainError } from './domain-error';

export interface CommandMetadata {
  actor: Actor;
  /** ISO timestamp of the request: the only way time enters the domain. */
  now: string;
}

export interface Command<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  metadata: CommandMetadata;
}

/** The stored event type name is `type`; its schema version travels separately. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

export interface Decider<C extends Command, E extends DomainEvent, S> {
  /** Returns the error as a value so callers can map it without try/catch. */
  decide(command: C, state: S): E[] | DomainError;
  evolve(state: S, event: E): S;
  initialState(): S;
}

/** Folds events into state; the one place the event store and tests rebuild a stream. */
export function fold<C extends Command, E extends DomainEvent, S>(
  decider: Decider<C, E, S>,
  events: readonly E[],
  from: S = decider.initialState(),
): S {
  return events.reduce((state, event) => decider.evolve(state, event), from);
}
