/**
 * Calendar dates are ISO `YYYY-MM-DD` strings: they sort lexicographically, so comparisons are
 * plain string comparisons and no Date object (nor time zone) is ever involved.
 */
export type IsoDate = string;
/** ISO 8601 timestamp, e.g. `2026-01-28T15:04:05.000Z`. */
export type IsoTimestamp = string;

export interface Period {
  start: IsoDate;
  end: IsoDate;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Rejects impossible dates such as 2026-02-30, which a regex alone would accept. */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function isIsoTimestamp(value: unknown): value is IsoTimestamp {
  if (typeof value !== 'string') return false;
  const match = ISO_TIMESTAMP.exec(value);
  return match !== null && isIsoDate(match[1]);
}

/**
 * The calendar date of a request. The date part is taken as written: the caller states `now` in
 * the time zone whose calendar counts (Ecuador's, for this plan: see {@link planTimestampOf}).
 */
export function dateOf(now: IsoTimestamp): IsoDate {
  return now.slice(0, 10);
}

export function isPeriodOrdered(period: Period): boolean {
  return period.start <= period.end;
}

export function isWithin(date: IsoDate, period: Period): boolean {
  return period.start <= date && date <= period.end;
}

export function isPeriodWithin(inner: Period, outer: Period): boolean {
  return isWithin(inner.start, outer) && isWithin(inner.end, outer);
}

export function laterOf(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

/** `date` moved by whole days (negative: earlier), on the UTC calendar. */
export function addDays(date: IsoDate, days: number): IsoDate {
  const moved = new Date(`${date}T00:00:00Z`);
  moved.setUTCDate(moved.getUTCDate() + days);
  return moved.toISOString().slice(0, 10);
}

/**
 * `date` moved by whole months; a day past the end of the target month falls on its last day
 * (31 January + 1 month = 28 or 29 February), so a calendar never skips a month.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [year, month, day] = date.split('-').map(Number);
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/**
 * The plan's time zone: America/Guayaquil, five hours behind UTC all year (Ecuador keeps no
 * daylight saving time). Its calendar is the one whose days count: a fact recorded at 20:00 in
 * Quito on 24 November happened on the 24th, though it is already the 25th in UTC.
 */
export const PLAN_UTC_OFFSET = '-05:00';
const PLAN_OFFSET_MS = -5 * 60 * 60 * 1000;

/** The calendar date of an instant in the plan's time zone. */
export function planDateOf(instant: Date | string): IsoDate {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(ms + PLAN_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The instant as the plan's clock reads it, e.g. `2026-11-24T23:59:59.999-05:00`: what the
 * applications give commands as `now`, so that {@link dateOf} reads the plan's calendar day.
 */
export function planTimestampOf(instant: Date): IsoTimestamp {
  return new Date(instant.getTime() + PLAN_OFFSET_MS).toISOString().replace('Z', PLAN_UTC_OFFSET);
}
