import { diffJson, overlaps } from './json-diff';

describe('the fields that differ between two views', () => {
  it('names changed, added and removed fields by their JSONPath', () => {
    expect(
      diffJson(
        { status: 'Draft', progress: 0, administrator: null, closure: { on: 'x' } },
        { status: 'InImplementation', progress: 0, administrator: { name: 'Paola' }, acta: 1 },
      ),
    ).toEqual([
      { path: '$.status', change: 'changed', before: 'Draft', after: 'InImplementation' },
      { path: '$.administrator', change: 'changed', before: null, after: { name: 'Paola' } },
      { path: '$.acta', change: 'added', before: null, after: 1 },
      { path: '$.closure', change: 'removed', before: { on: 'x' }, after: null },
    ]);
  });

  it('matches array items by their identity, so an item added in the middle changes only itself', () => {
    const before = {
      milestones: [
        { milestoneId: 'h1', percent: 10, reports: [{ reportId: 'r1', review: null }] },
        { milestoneId: 'h3', percent: 0, reports: [] },
      ],
    };
    const after = {
      milestones: [
        {
          milestoneId: 'h1',
          percent: 40,
          reports: [{ reportId: 'r1', review: { verdict: 'endorsed' } }],
        },
        { milestoneId: 'h2', percent: 0, reports: [] },
        { milestoneId: 'h3', percent: 0, reports: [] },
      ],
    };
    expect(diffJson(before, after).map((c) => [c.path, c.change])).toEqual([
      ["$.milestones[?@.milestoneId=='h1'].percent", 'changed'],
      ["$.milestones[?@.milestoneId=='h1'].reports[?@.reportId=='r1'].review", 'changed'],
      ["$.milestones[?@.milestoneId=='h2']", 'added'],
    ]);
  });

  it('falls back to the index when items share no distinct identity, and compares lists of values whole', () => {
    const reschedule = (due: string) => ({ milestoneId: 'h1', due });
    expect(
      diffJson(
        { reschedules: [reschedule('2026-09-30')], deadlines: ['a'] },
        {
          reschedules: [reschedule('2026-09-30'), reschedule('2026-12-31')],
          deadlines: ['a', 'b'],
        },
      ),
    ).toEqual([
      {
        path: '$.reschedules[1]',
        change: 'added',
        before: null,
        after: reschedule('2026-12-31'),
      },
      { path: '$.deadlines', change: 'changed', before: ['a'], after: ['a', 'b'] },
    ]);
  });

  it('quotes names and ids that are not plain identifiers', () => {
    expect(
      diffJson({ byAudience: { 'core-group': 0 } }, { byAudience: { 'core-group': 1 } }),
    ).toEqual([{ path: "$.byAudience['core-group']", change: 'changed', before: 0, after: 1 }]);
    expect(
      diffJson(
        { items: [{ reportId: "o'brien", n: 1 }] },
        { items: [{ reportId: "o'brien", n: 2 }] },
      )[0].path,
    ).toBe("$.items[?@.reportId=='o\\'brien'].n");
  });

  it('a whole view appearing is one change at the root', () => {
    expect(diffJson(null, { status: 'Draft' })).toEqual([
      { path: '$', change: 'changed', before: null, after: { status: 'Draft' } },
    ]);
  });

  it('tells when one path lies inside another', () => {
    expect(overlaps('$.milestones', "$.milestones[?@.milestoneId=='h1'].percent")).toBe(true);
    expect(overlaps("$.milestones[?@.milestoneId=='h1'].percent", '$.milestones')).toBe(true);
    expect(overlaps('$.status', '$.statusHistory')).toBe(false);
  });
});
