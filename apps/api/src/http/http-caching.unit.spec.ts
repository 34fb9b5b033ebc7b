import { ANONYMOUS } from '../auth/actor';
import {
  Representations,
  audienceOf,
  cacheControlOf,
  ifNoneMatchHas,
  withPosition,
} from './http-caching';

describe('http caching helpers', () => {
  it('If-None-Match: weak comparison over a list, or *', () => {
    expect(ifNoneMatchHas(undefined, 'W/"3"')).toBe(false);
    expect(ifNoneMatchHas('W/"3"', 'W/"3"')).toBe(true);
    expect(ifNoneMatchHas('"3"', 'W/"3"')).toBe(true);
    expect(ifNoneMatchHas(' W/"1" , W/"3" ', 'W/"3"')).toBe(true);
    expect(ifNoneMatchHas('*', 'W/"3"')).toBe(true);
    expect(ifNoneMatchHas('W/"31"', 'W/"3"')).toBe(false);
    expect(ifNoneMatchHas('W/"p3"', 'W/"3"')).toBe(false);
  });

  it('public only for the anonymous reader', () => {
    expect(audienceOf(undefined)).toBe('public');
    expect(audienceOf(ANONYMOUS)).toBe('public');
    expect(audienceOf({ id: 'person-1', role: 'public' })).toBe('private');
    expect(audienceOf({ id: 'mdt', role: 'institution', organizationId: 'mdt' })).toBe('private');
    expect(cacheControlOf('public')).toBe('public, max-age=5, stale-while-revalidate=30');
    expect(cacheControlOf('private')).toBe('private, no-cache');
  });

  it('puts the position in front of a body built without it', () => {
    expect(JSON.parse(withPosition('42', JSON.stringify({ a: 1, b: 'x' })))).toEqual({
      position: '42',
      a: 1,
      b: 'x',
    });
    expect(JSON.parse(withPosition(null, '{}'))).toEqual({ position: null });
  });

  it('builds a representation once per key and drops the oldest past its bound', () => {
    const cache = new Representations();
    let built = 0;
    const build = (text: string) => () => {
      built++;
      return text;
    };
    expect(cache.json('a', build('A'))).toBe('A');
    expect(cache.json('a', build('other'))).toBe('A');
    expect(built).toBe(1);
    for (let i = 0; i < 2_000; i++) cache.json(`k${i}`, build('K'));
    expect(cache.size).toBe(2_000);
    // 'a' was the oldest: dropped, so built again.
    expect(cache.json('a', build('A2'))).toBe('A2');
  });

  it('keeps at most so many characters in all, and never one body larger than that', () => {
    const cache = new Representations(100, 10);
    cache.json('a', () => 'aaaa');
    cache.json('b', () => 'bbbb');
    expect(cache.size).toBe(2);
    cache.json('c', () => 'cccc'); // 12 > 10: 'a' goes
    expect(cache.size).toBe(2);
    expect(cache.json('b', () => 'other')).toBe('bbbb');
    expect(cache.json('a', () => 'A')).toBe('A');
    cache.json('huge', () => 'x'.repeat(11));
    expect(cache.json('huge', () => 'rebuilt')).toBe('rebuilt');
  });
});
