import type { Command, CommandMetadata, Decider, DomainEvent } from '@hitos/domain';
import type { Decision } from '@hitos/event-store';

/**
 * The decision of one command for {@link CommandHandling.handle}: the decider's `decide`, given
 * the command built from its type, its data and the request's metadata. The actor's role was
 * checked against the domain's roles when the token was verified, hence the narrowing.
 */
export function decideWith<C extends Command, E extends DomainEvent, S>(
  decider: Decider<C, E, S>,
  type: C['type'],
  data: C['data'],
): Decision<S, E> {
  return (state, metadata) =>
    decider.decide({ type, data, metadata: metadata as CommandMetadata } as C, state);
}
