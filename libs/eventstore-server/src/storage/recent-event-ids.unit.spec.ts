import { RecentEventIds } from './recent-event-ids';

describe('RecentEventIds', () => {
  const remembered = (ids: RecentEventIds, count: number) =>
    Array.from({ length: count }, (_, n) => ids.get(`id-${n}`)?.revision);

  it('given ids written one after another, when looked up, then each is found where it was last written', () => {
    const ids = new RecentEventIds(4);
    ids.remember('id-0', 'a', 0);
    ids.remember('id-1', 'a', 1);
    ids.remember('id-0', 'b', 7);

    expect(ids.get('id-0')).toEqual({ stream: 'b', revision: 7 });
    expect(ids.get('id-1')).toEqual({ stream: 'a', revision: 1 });
    expect(ids.get('id-2')).toBeUndefined();
  });

  it('given more ids than a generation holds, then at least the latest generation is remembered and never more than two', () => {
    const ids = new RecentEventIds(4);
    for (let n = 0; n < 10; n++) ids.remember(`id-${n}`, 's', n);

    // Generations: [0..3] dropped, [4..7] older, [8, 9] newer.
    expect(remembered(ids, 10)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      4,
      5,
      6,
      7,
      8,
      9,
    ]);
  });

  it('given an id remembered in the older generation and written again, then the newer place wins', () => {
    const ids = new RecentEventIds(2);
    ids.remember('id-0', 'a', 0);
    ids.remember('id-1', 'a', 1);
    ids.remember('id-0', 'c', 3); // starts a new generation; the old entry stays in the older one

    expect(ids.get('id-0')).toEqual({ stream: 'c', revision: 3 });
  });

  it('given remembered ids, when cleared, then none is found', () => {
    const ids = new RecentEventIds(2);
    ids.remember('id-0', 'a', 0);
    ids.remember('id-1', 'a', 1);
    ids.remember('id-2', 'a', 2);
    ids.clear();

    expect(remembered(ids, 3)).toEqual([undefined, undefined, undefined]);
  });
});
