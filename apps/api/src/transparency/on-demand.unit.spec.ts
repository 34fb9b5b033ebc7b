import { onDemand } from './transparency-log.service';

describe('onDemand: a checkpoint asked for by a request (an audit package)', () => {
  const latest = { treeSize: 10, signedAt: '2026-11-24T15:00:00.000Z' };
  const at = (seconds: number) => new Date(Date.parse(latest.signedAt) + seconds * 1000);
  const ask = (over: Partial<Parameters<typeof onDemand>[0]>) =>
    onDemand({ latest, lastLeaf: 12, anonymous: true, now: at(30), intervalMs: 60_000, ...over });

  it('given the latest covers the leaves, then it is served to anyone', () => {
    expect(ask({ lastLeaf: 9 })).toBe('latest');
    expect(ask({ lastLeaf: 9, anonymous: false })).toBe('latest');
  });

  it('given no checkpoint yet, then one is signed, even for an anonymous request', () => {
    expect(ask({ latest: null })).toBe('sign');
  });

  it('given an anonymous request within the interval of the latest, then it gets the latest', () => {
    expect(ask({})).toBe('latest');
    expect(ask({ lastLeaf: 3, notInLog: 1 })).toBe('latest');
  });

  it('given an anonymous request after the interval, then it signs (one per interval)', () => {
    expect(ask({ now: at(60) })).toBe('sign');
  });

  it('given a signed-in reader, then a checkpoint covering everything is signed at once', () => {
    expect(ask({ anonymous: false })).toBe('sign');
    expect(ask({ anonymous: false, lastLeaf: 3, notInLog: 2 })).toBe('sign');
  });

  it('given no timer (interval 0), then anonymous requests are not limited', () => {
    expect(ask({ intervalMs: 0 })).toBe('sign');
  });
});
