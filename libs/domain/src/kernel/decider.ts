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

/**
 * What a command's metadata looks like where it comes from, outside the domain: the role is a
 * string until the edge that vouched for it (a verified token, the workflow engine).
 */
export interface IncomingMetadata {
  actor: { id: string; role: string; organizationId?: string };
  now: string;
}

/**
 * The decision of one command, for whoever loads the state and appends the result: the
 * decider's `decide`, given the command built from its type, its data and the metadata the
 * call brings. `data` is typed by `type`, so a caller handing one command's data to another
 * does not compile. The role was checked against the domain's roles at that edge, hence the
 * narrowing.
 */
export function decideWith<C extends Command, E extends DomainEvent, S, T extends C['type']>(
  decider: Decider<C, E, S>,
  type: T,
  data: Extract<C, { type: T }>['data'],
): (state: S, metadata: IncomingMetadata) => E[] | DomainError {
  return (state, metadata) =>
    decider.decide(
      { type, data, metadata: metadata as CommandMetadata } as Extract<C, { type: T }>,
      state,
    );
}
