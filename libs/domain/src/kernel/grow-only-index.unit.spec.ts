import { GrowOnlyIndex } from './grow-only-index';

describe('GrowOnlyIndex', () => {
  it('answers each version with what was added before it, whatever later versions add', () => {
    const empty = GrowOnlyIndex.empty<number>();
    const one = empty.with('a', 1);
    const two = one.with('b', 2);
    expect(empty.get('a')).toBeUndefined();
    expect(one.get('a')).toBe(1);
    expect(one.get('b')).toBeUndefined();
    expect(two.get('b')).toBe(2);
    expect(two.size).toBe(2);
  });

  it('keeps two branches of one version apart (two decisions tried on the same state)', () => {
    const base = GrowOnlyIndex.empty<string>().with('r-1', 'h1');
    const left = base.with('r-2', 'h1');
    const right = base.with('r-3', 'h2');
    expect(left.get('r-2')).toBe('h1');
    expect(left.get('r-3')).toBeUndefined();
    expect(right.get('r-3')).toBe('h2');
    expect(right.get('r-2')).toBeUndefined();
    expect(base.get('r-2')).toBeUndefined();
    expect(base.get('r-3')).toBeUndefined();
    // Each branch grows on its own afterwards.
    expect(left.with('r-4', 'h3').toJSON()).toEqual({ 'r-1': 'h1', 'r-2': 'h1', 'r-4': 'h3' });
    expect(right.with('r-4', 'h4').toJSON()).toEqual({ 'r-1': 'h1', 'r-3': 'h2', 'r-4': 'h4' });
  });

  it('keeps the first value of a key added twice', () => {
    const index = GrowOnlyIndex.empty<number>().with('a', 1);
    expect(index.with('a', 2)).toBe(index);
    expect(index.with('a', 2).get('a')).toBe(1);
  });
});
