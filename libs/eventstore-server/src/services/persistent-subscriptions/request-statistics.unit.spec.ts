import { RequestStatistics } from './request-statistics';

describe('RequestStatistics', () => {
  it('reports nothing before a message is settled', () => {
    expect(new RequestStatistics().measurements()).toEqual([]);
  });

  it('reports the keys and values EventStoreDB computes over the window', () => {
    const stats = new RequestStatistics(10);
    for (const ms of [15, 1, 9, 3, 7, 5, 11, 13, 17, 19, 99.7]) stats.observe(ms);
    // The window keeps the last 10: 1 … 19 and 99 (15 dropped, 99.7 floored).
    expect(Object.fromEntries(stats.measurements())).toEqual({
      Mean: 18,
      Median: 11,
      Fastest: 1,
      'Quintile 1': 1,
      'Quintile 2': 5,
      'Quintile 3': 9,
      'Quintile 4': 13,
      'Quintile 5': 19,
      '90%': 99,
      '95%': 99,
      '99%': 99,
      '99.5%': 99,
      '99.9%': 99,
      Highest: 99,
    });
  });
});
