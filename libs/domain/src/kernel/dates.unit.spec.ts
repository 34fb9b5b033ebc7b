import {
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
});
