import { badArgument } from './cli-error';

/**
 * A moment of the history, as commands take it (`--from`, `--to`, `--until`): a `$all`
 * position, or an instant.
 */
export type Moment =
  | { kind: 'position'; commit: bigint; text: string }
  /** `at`: milliseconds since the epoch; `iso`: the same instant in UTC. */
  | { kind: 'instant'; at: number; iso: string; text: string };

/** hitos's calendar is Ecuador's (America/Guayaquil): UTC−5 all year, no daylight saving. */
export const HITOS_UTC_OFFSET = '-05:00';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Reads a moment:
 * - digits only: a `$all` commit position (as the trail's `position` column shows it);
 * - `YYYY-MM-DD`: that day in America/Guayaquil, its first instant for `edge: 'start'`
 *   (`--from`), its last millisecond for `edge: 'end'` (`--to`, `--until`);
 * - an ISO 8601 date-time, with `Z` or an offset; without one it is Guayaquil time.
 * Anything else is a bad argument (exit 2) naming `argument`.
 */
export function parseMoment(argument: string, value: string, edge: 'start' | 'end'): Moment {
  const text = value.trim();
  if (/^\d+$/.test(text)) return { kind: 'position', commit: BigInt(text), text };
  const date = DATE.exec(text);
  if (date && isCalendarDate(date[1], date[2], date[3])) {
    const time = edge === 'start' ? '00:00:00.000' : '23:59:59.999';
    return instant(`${text}T${time}${HITOS_UTC_OFFSET}`, text);
  }
  const dateTime = DATE_TIME.exec(text);
  if (
    dateTime &&
    isCalendarDate(dateTime[1], dateTime[2], dateTime[3]) &&
    Number(dateTime[4]) < 24 &&
    Number(dateTime[5]) < 60 &&
    Number(dateTime[6] ?? 0) < 60
  ) {
    const offset = dateTime[8] ?? HITOS_UTC_OFFSET;
    const withOffset = dateTime[8] ? text : `${text}${offset}`;
    if (Number.isFinite(Date.parse(withOffset))) return instant(withOffset, text);
  }
  throw badArgument(
    argument,
    `«${value}» no es una fecha (AAAA-MM-DD), una fecha y hora ISO 8601 ni una posición de $all`,
    `"${value}" is neither a date (YYYY-MM-DD), an ISO 8601 date-time nor an $all position`,
  );
}

function instant(withOffset: string, text: string): Moment {
  const at = Date.parse(withOffset);
  return { kind: 'instant', at, iso: new Date(at).toISOString(), text };
}

function isCalendarDate(year: string, month: string, day: string): boolean {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return (
    date.getUTCFullYear() === Number(year) &&
    date.getUTCMonth() === Number(month) - 1 &&
    date.getUTCDate() === Number(day)
  );
}

/** Whether an event recorded at `recordedAt`, at `commit`, is at or after `moment`. */
export function isAtOrAfter(moment: Moment, commit: bigint, recordedAt: string): boolean {
  return moment.kind === 'position' ? commit >= moment.commit : Date.parse(recordedAt) >= moment.at;
}

/** Whether an event recorded at `recordedAt`, at `commit`, is at or before `moment`. */
export function isAtOrBefore(moment: Moment, commit: bigint, recordedAt: string): boolean {
  return moment.kind === 'position' ? commit <= moment.commit : Date.parse(recordedAt) <= moment.at;
}

/** The moment as JSON shows it. */
export function momentJson(moment: Moment): { position: string } | { instant: string } {
  return moment.kind === 'position'
    ? { position: moment.commit.toString() }
    : { instant: moment.iso };
}
