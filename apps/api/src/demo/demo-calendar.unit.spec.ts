import { demoCalendar, shiftYears, yearsToShift } from './demo-calendar';

describe('the demo calendar', () => {
  it.each([
    ['2026-03-01', 0],
    ['2026-11-24', 0],
    ['2027-06-30', 0],
    ['2027-09-02', 0],
    // Too close to the period's end for milestones still ahead: a year later.
    ['2027-09-03', 1],
    ['2028-03-01', 1],
    ['2031-01-01', 4],
    // Too soon after the signature for a story: a year earlier.
    ['2026-02-26', -1],
    ['2025-06-01', -1],
  ])('on %s moves the acta’s dates by %i years', (day, years) => {
    expect(yearsToShift(day)).toBe(years);
  });

  it('keeps the acta’s own dates when they fit, and lays the story between them and the load day', () => {
    const calendar = demoCalendar('2026-11-24');
    expect(calendar).toMatchObject({
      signedOn: '2026-01-28',
      period: { start: '2026-01-01', end: '2027-12-31' },
      elapsed: 300,
    });
    expect(calendar.along(0)).toBe('2026-01-28');
    expect(calendar.along(0.5)).toBe('2026-06-27');
    expect(calendar.along(1)).toBe('2026-11-24');
  });

  it('moves the whole story by whole years otherwise, the load day inside the period', () => {
    const calendar = demoCalendar('2031-01-01');
    expect(calendar).toMatchObject({
      yearsShifted: 4,
      signedOn: '2030-01-28',
      period: { start: '2030-01-01', end: '2031-12-31' },
    });
    expect(calendar.year(2026)).toBe(2030);
  });

  it('moves 29 February to the 28th in a common year', () => {
    expect(shiftYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(shiftYears('2026-01-28', 4)).toBe('2030-01-28');
  });
});
