import { CliError } from './cli-error';
import { isAtOrAfter, isAtOrBefore, parseMoment } from './moments';

describe('parseMoment', () => {
  it('reads digits as an $all commit position', () => {
    expect(parseMoment('--until', '12345678901234567890', 'end')).toEqual({
      kind: 'position',
      commit: 12345678901234567890n,
      text: '12345678901234567890',
    });
  });

  it('reads a date as that day in Guayaquil (UTC−5): its start or its end', () => {
    expect(parseMoment('--from', '2026-11-24', 'start')).toMatchObject({
      kind: 'instant',
      iso: '2026-11-24T05:00:00.000Z',
    });
    expect(parseMoment('--until', '2026-11-24', 'end')).toMatchObject({
      kind: 'instant',
      iso: '2026-11-25T04:59:59.999Z',
    });
  });

  it('reads ISO date-times with Z or an offset, and without one as Guayaquil time', () => {
    expect(parseMoment('--to', '2026-11-24T15:00:00Z', 'end')).toMatchObject({
      iso: '2026-11-24T15:00:00.000Z',
    });
    expect(parseMoment('--to', '2026-11-24T10:00:00.250+02:00', 'end')).toMatchObject({
      iso: '2026-11-24T08:00:00.250Z',
    });
    expect(parseMoment('--to', '2026-11-24T10:00', 'end')).toMatchObject({
      iso: '2026-11-24T15:00:00.000Z',
    });
  });

  it.each(['mañana', '2026-02-30', '2026-13-01', '2026-11-24T25:00Z', '-5', '2026/11/24', ''])(
    'refuses %j, naming the argument, in both languages, exit 2',
    (value) => {
      let error: unknown;
      try {
        parseMoment('--until', value, 'end');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CliError);
      expect((error as CliError).exitCode).toBe(2);
      expect((error as CliError).message).toMatch(
        /^--until: .* no es una fecha .* \/ .* is neither/,
      );
    },
  );
});

describe('comparing an event with a moment', () => {
  it('compares positions by commit and instants by the recording time, both inclusive', () => {
    const position = parseMoment('--to', '500', 'end');
    expect(isAtOrBefore(position, 500n, '2030-01-01T00:00:00.000Z')).toBe(true);
    expect(isAtOrBefore(position, 501n, '2000-01-01T00:00:00.000Z')).toBe(false);
    const day = parseMoment('--from', '2026-11-24', 'start');
    expect(isAtOrAfter(day, 1n, '2026-11-24T05:00:00.000Z')).toBe(true);
    expect(isAtOrAfter(day, 1n, '2026-11-24T04:59:59.999Z')).toBe(false);
  });
});
