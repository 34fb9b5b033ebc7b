import { parseMoment, planDateOf, planTimestampOf } from './moment';

describe('moments a caller names', () => {
  it('reads a date as the end of that day in Guayaquil (UTC−5)', () => {
    expect(parseMoment('2026-11-24')).toEqual({
      instant: new Date('2026-11-25T04:59:59.999Z'),
      date: '2026-11-24',
    });
  });

  it('reads a date-time with an offset as that instant, and one without in Guayaquil', () => {
    expect(parseMoment('2026-11-24T15:00:00.000Z')?.instant).toEqual(
      new Date('2026-11-24T15:00:00.000Z'),
    );
    expect(parseMoment('2026-11-24T10:00:00-05:00')?.instant).toEqual(
      new Date('2026-11-24T15:00:00.000Z'),
    );
    expect(parseMoment('2026-11-24T10:00')?.instant).toEqual(new Date('2026-11-24T15:00:00.000Z'));
    expect(parseMoment('2026-11-24T10:00:00Z')?.date).toBeUndefined();
  });

  it.each([
    'yesterday',
    '2026-02-30',
    '2026-13-01',
    '24/11/2026',
    '2026-11-24T24:00:00Z',
    '2026-11-24T10:75',
    '2026-11-24 10:00',
    '1732460400',
    '',
  ])('refuses %p', (value) => {
    expect(parseMoment(value)).toBeNull();
  });

  it('gives the calendar date and the clock of an instant in the plan’s time zone', () => {
    expect(planDateOf(new Date('2026-11-25T03:00:00Z'))).toBe('2026-11-24');
    expect(planDateOf('2026-11-25T05:00:00Z')).toBe('2026-11-25');
    expect(planTimestampOf(new Date('2026-11-25T04:59:59.999Z'))).toBe(
      '2026-11-24T23:59:59.999-05:00',
    );
  });
});
