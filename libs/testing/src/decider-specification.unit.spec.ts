import { DomainError, type Command, type Decider, type DomainEvent } from '@hitos/domain';
import { DeciderSpecification } from './decider-specification';

type Add = Command<'Add', { amount: number }>;
type Added = DomainEvent<'Added', { amount: number }>;
type Tally = { status: 'Open'; total: number };

const tally: Decider<Add, Added, Tally> = {
  initialState: () => ({ status: 'Open', total: 0 }),
  evolve: (state, event) => ({ ...state, total: state.total + event.data.amount }),
  decide: (command, state) =>
    command.data.amount <= 0
      ? new DomainError(
          'AMOUNT_NOT_POSITIVE',
          'invalid',
          { es: 'Monto no positivo.', en: 'Amount not positive.' },
          { total: state.total },
        )
      : [{ type: 'Added', data: { amount: command.data.amount } }],
};

const add = (amount: number): Add => ({
  type: 'Add',
  data: { amount },
  metadata: { actor: { id: 'u', role: 'public' }, now: '2026-01-28T00:00:00Z' },
});
const added = (amount: number): Added => ({ type: 'Added', data: { amount } });
const spec = DeciderSpecification.for(tally);

describe('DeciderSpecification', () => {
  it('passes when the decided events match', () => {
    spec
      .given([added(2)])
      .when(add(3))
      .then([added(3)]);
  });

  it('fails when the decided events differ', () => {
    expect(() =>
      spec
        .given([])
        .when(add(3))
        .then([added(4)]),
    ).toThrow();
  });

  it('fails when events were expected but the decider refused', () => {
    expect(() => spec.given([]).when(add(0)).then([])).toThrow(/AMOUNT_NOT_POSITIVE/);
  });

  it('checks the error code, kind and details', () => {
    const error = spec
      .given([added(5)])
      .when(add(-1))
      .thenError('AMOUNT_NOT_POSITIVE', {
        kind: 'invalid',
        details: { total: 5 },
      });
    expect(error.message.en).toBe('Amount not positive.');
    expect(() => spec.given([]).when(add(-1)).thenError('OTHER')).toThrow();
    expect(() =>
      spec.given([]).when(add(-1)).thenError('AMOUNT_NOT_POSITIVE', { kind: 'rule' }),
    ).toThrow();
    expect(() => spec.given([]).when(add(1)).thenError('AMOUNT_NOT_POSITIVE')).toThrow(/Added/);
  });

  it('folds given and decided events for thenState', () => {
    spec
      .given([added(2)])
      .when(add(3))
      .thenState({ status: 'Open', total: 5 });
    spec
      .given([added(2)])
      .when(add(3))
      .thenState((state) => expect(state.total).toBe(5));
    expect(() => spec.given([]).when(add(3)).thenState({ status: 'Open', total: 4 })).toThrow();
  });

  it('refuses a non-deterministic decider', () => {
    let calls = 0;
    const flaky = DeciderSpecification.for({ ...tally, decide: () => [added(++calls)] });
    expect(() => flaky.given([]).when(add(1)).decision()).toThrow();
  });

  it('refuses events that are not JSON-safe', () => {
    const undated = DeciderSpecification.for({
      ...tally,
      decide: () => [{ type: 'Added', data: { amount: 1, at: new Map() } } as unknown as Added],
    });
    expect(() => undated.given([]).when(add(1)).decision()).toThrow();
  });
});
