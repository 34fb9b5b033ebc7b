import {
  addDays,
  addMonths,
  dateOf,
  isIsoDate,
  isIsoTimestamp,
  isPeriodOrdered,
  isPeriodWithin,
  isWithin,
  laterOf,
} from './dates';

describe('dates', () => {
  it.each(['2026-01-28', '2028-02-29', '2000-02-29', '2027-12-31'])('accepts %s', (date) => {
    expect(isIsoDate(date)).toBe(true);
  });

  it.each([
    '2026-02-29',
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-1-28',
    '28/01/2026',
    '',
    20260128,
  ])('refuses %p', (date) => {
    expect(isIsoDate(date)).toBe(false);
  });

  it('recognises ISO timestamps and takes their calendar date', () => {
    expect(isIsoTimestamp('2026-01-28T15:04:05.123Z')).toBe(true);
    expect(isIsoTimestamp('2026-01-28T10:04-05:00')).toBe(true);
    expect(isIsoTimestamp('2026-01-28')).toBe(false);
    expect(isIsoTimestamp('2026-02-30T10:00:00Z')).toBe(false);
    expect(dateOf('2026-01-28T23:59:59.000-05:00')).toBe('2026-01-28');
  });

  it('compares periods as strings, ends inclusive', () => {
    const period = { start: '2026-01-01', end: '2027-12-31' };
    expect(isWithin('2026-01-01', period)).toBe(true);
    expect(isWithin('2027-12-31', period)).toBe(true);
    expect(isWithin('2028-01-01', period)).toBe(false);
    expect(isPeriodWithin({ start: '2026-02-01', end: '2026-06-30' }, period)).toBe(true);
    expect(isPeriodWithin({ start: '2025-12-31', end: '2026-06-30' }, period)).toBe(false);
    expect(isPeriodOrdered({ start: '2026-01-02', end: '2026-01-01' })).toBe(false);
    expect(laterOf('2026-01-27', '2026-01-28')).toBe('2026-01-28');
  });

  describe('addDays', () => {
    it.each([
      ['2026-01-28', 1, '2026-01-29'],
      ['2026-01-31', 1, '2026-02-01'],
      ['2026-02-28', 1, '2026-03-01'],
      ['2028-02-28', 1, '2028-02-29'],
      ['2028-02-29', 1, '2028-03-01'],
      ['2027-12-31', 1, '2028-01-01'],
      ['2026-06-30', 0, '2026-06-30'],
      ['2026-07-02', 30, '2026-08-01'],
      ['2026-01-01', 365, '2027-01-01'],
      ['2028-01-01', 366, '2029-01-01'],
    ])('%s + %i days = %s', (date, days, expected) => {
      expect(addDays(date, days)).toBe(expected);
    });

    it.each([
      ['2026-06-30', -15, '2026-06-15'],
      ['2026-03-01', -1, '2026-02-28'],
      ['2028-03-01', -1, '2028-02-29'],
      ['2000-03-01', -1, '2000-02-29'],
      ['2100-03-01', -1, '2100-02-28'],
      ['2027-01-01', -1, '2026-12-31'],
      ['2026-07-28', -10, '2026-07-18'],
    ])('%s moved by %i days = %s', (date, days, expected) => {
      expect(addDays(date, days)).toBe(expected);
    });

    it('ignores the clock time zone: the UTC calendar has no daylight saving', () => {
      // Around the dates when many zones change their clocks.
      expect(addDays('2026-03-08', 1)).toBe('2026-03-09');
      expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
      expect(addDays('2026-11-01', -1)).toBe('2026-10-31');
    });

    it('undoes itself', () => {
      for (const date of ['2026-01-31', '2028-02-29', '2027-12-31'])
        expect(addDays(addDays(date, 400), -400)).toBe(date);
    });
  });

  describe('addMonths', () => {
    it.each([
      ['2026-01-28', 6, '2026-07-28'],
      ['2026-01-28', 12, '2027-01-28'],
      ['2026-08-15', 6, '2027-02-15'],
      ['2026-12-15', 1, '2027-01-15'],
      ['2026-01-28', 0, '2026-01-28'],
    ])('%s + %i months = %s', (date, months, expected) => {
      expect(addMonths(date, months)).toBe(expected);
    });

    it.each([
      ['2026-01-31', 1, '2026-02-28'],
      ['2028-01-31', 1, '2028-02-29'],
      ['2026-03-31', 1, '2026-04-30'],
      ['2026-08-31', 6, '2027-02-28'],
      ['2027-08-31', 6, '2028-02-29'],
      ['2028-02-29', 12, '2029-02-28'],
      ['2028-02-29', 48, '2032-02-29'],
      ['2099-12-31', 2, '2100-02-28'],
      ['2026-05-31', 1, '2026-06-30'],
    ])('clamps %s + %i months to the last day: %s', (date, months, expected) => {
      expect(addMonths(date, months)).toBe(expected);
    });

    it.each([
      ['2026-07-28', -6, '2026-01-28'],
      ['2026-03-31', -1, '2026-02-28'],
      ['2028-03-31', -1, '2028-02-29'],
      ['2027-01-15', -1, '2026-12-15'],
      ['2027-01-31', -13, '2025-12-31'],
    ])('%s moved by %i months = %s', (date, months, expected) => {
      expect(addMonths(date, months)).toBe(expected);
    });

    it('never skips a month: a calendar built from its start keeps one date per month', () => {
      const calendar = Array.from({ length: 12 }, (_, k) => addMonths('2026-01-31', k));
      expect(calendar.map((d) => d.slice(0, 7))).toEqual([
        '2026-01',
        '2026-02',
        '2026-03',
        '2026-04',
        '2026-05',
        '2026-06',
        '2026-07',
        '2026-08',
        '2026-09',
        '2026-10',
        '2026-11',
        '2026-12',
      ]);
      expect(calendar.map((d) => d.slice(8))).toEqual([
        '31',
        '28',
        '31',
        '30',
        '31',
        '30',
        '31',
        '31',
        '30',
        '31',
        '30',
        '31',
      ]);
    });

    it('yields valid ISO dates', () => {
      for (let k = -24; k <= 24; k++) expect(isIsoDate(addMonths('2028-02-29', k))).toBe(true);
    });
  });
});
