import { expect } from '@jest/globals';
import { DomainError, fold, type Command, type Decider, type DomainEvent } from '@hitos/domain';

type StateExpectation<S> = S | ((state: S) => void);

export interface DeciderThen<E extends DomainEvent, S> {
  /** The decision is exactly these events, in order. */
  then(expected: E[]): void;
  /** The decision is a DomainError with this code (and, optionally, kind and details). */
  thenError(
    code: string,
    expected?: { kind?: DomainError['kind']; details?: Record<string, unknown> },
  ): DomainError;
  /** The state after folding the given and the decided events equals (or satisfies) this. */
  thenState(expected: StateExpectation<S>): void;
  /** The raw decision, for assertions the DSL does not cover. */
  decision(): E[] | DomainError;
}

export interface DeciderWhen<C extends Command, E extends DomainEvent, S> {
  when(command: C): DeciderThen<E, S>;
}

/**
 * Given/when/then over a pure decider, in the emmett style. Besides the expected outcome, every
 * decision is checked to be deterministic (the same input decides the same output) and JSON-safe
 * (events survive a JSON round trip unchanged), since the store persists them as JSON.
 */
export const DeciderSpecification = {
  for<C extends Command, E extends DomainEvent, S>(decider: Decider<C, E, S>) {
    return {
      given(events: E[] = []): DeciderWhen<C, E, S> {
        return {
          when(command: C): DeciderThen<E, S> {
            const decide = () => decider.decide(command, fold(decider, events));
            const decision = () => {
              const first = decide();
              expect(decide()).toEqual(first);
              if (!DomainError.is(first)) expect(JSON.parse(JSON.stringify(first))).toEqual(first);
              return first;
            };
            const decidedEvents = (): E[] => {
              const result = decision();
              if (DomainError.is(result))
                throw new Error(
                  `Expected events but the decider refused with ${result.code}: ${result.message.en}`,
                );
              return result;
            };
            return {
              then(expected) {
                expect(decidedEvents()).toEqual(expected);
              },
              thenError(code, expected) {
                const result = decision();
                if (!DomainError.is(result))
                  throw new Error(
                    `Expected error ${code} but the decider emitted ${JSON.stringify(result.map((e) => e.type))}`,
                  );
                expect(result.code).toBe(code);
                if (expected?.kind) expect(result.kind).toBe(expected.kind);
                if (expected?.details)
                  expect(result.details).toEqual(expect.objectContaining(expected.details));
                expect(result.message.es.length).toBeGreaterThan(0);
                expect(result.message.en.length).toBeGreaterThan(0);
                return result;
              },
              thenState(expected) {
                const state = fold(decider, decidedEvents(), fold(decider, events));
                if (typeof expected === 'function') (expected as (state: S) => void)(state);
                else expect(state).toEqual(expected);
              },
              decision,
            };
          },
        };
      },
    };
  },
};
