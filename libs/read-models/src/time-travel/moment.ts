import {
  PLAN_UTC_OFFSET,
  isIsoDate,
  isIsoTimestamp,
  planDateOf,
  planTimestampOf,
  type IsoDate,
} from '@hitos/domain';

// The plan's time zone (America/Guayaquil) lives in the domain's calendar; a date without a
// time, or a time without an offset, is read there.
export { PLAN_UTC_OFFSET, planDateOf, planTimestampOf };

const LOCAL_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

/** A moment a caller named: the instant it stands for, and the date when only a date was given. */
export interface Moment {
  /** The instant: a date stands for the last millisecond of that day in the plan's time zone. */
  instant: Date;
  /** The calendar date, when the caller gave a date without a time. */
  date?: IsoDate;
}

/**
 * Reads `YYYY-MM-DD` (the end of that day in the plan's time zone), an ISO 8601 date-time with an
 * offset (`2026-11-24T10:00:00Z`, `…-05:00`), or one without an offset (read in the plan's time
 * zone); null for anything else, an impossible date (2026-02-30) included.
 */
export function parseMoment(value: unknown): Moment | null {
  if (typeof value !== 'string') return null;
  if (isIsoDate(value)) {
    return { instant: new Date(`${value}T23:59:59.999${PLAN_UTC_OFFSET}`), date: value };
  }
  if (isIsoTimestamp(value)) {
    const instant = new Date(value);
    return Number.isNaN(instant.getTime()) || !validClock(value) ? null : { instant };
  }
  const local = LOCAL_TIMESTAMP.exec(value);
  if (local && isIsoDate(local[1]) && validClock(value)) {
    const instant = new Date(`${value}${PLAN_UTC_OFFSET}`);
    return Number.isNaN(instant.getTime()) ? null : { instant };
  }
  return null;
}

/** Hours 00–23, minutes and seconds 00–59: `Date` would roll 24:00 or 10:75 over silently. */
function validClock(value: string): boolean {
  const match = /T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value);
  if (!match) return false;
  const [hours, minutes, seconds] = [match[1], match[2], match[3] ?? '00'].map(Number);
  return hours <= 23 && minutes <= 59 && seconds <= 59;
}
