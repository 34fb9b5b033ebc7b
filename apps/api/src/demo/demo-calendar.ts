/**
 * When the demo's history happened, for a demo loaded on any day (see docs/api.md, "The demo
 * and its tokens"). Pure: the load day comes in, no clock is read.
 *
 * The rule:
 * - The acta's own dates are kept as the acta states them (signed on 28 January 2026, a plan
 *   period from January 2026 to December 2027) whenever the load day falls inside that period
 *   with room for a story: at least {@link MIN_DAYS_AFTER_SIGNING} days after the signature and
 *   at least {@link MIN_DAYS_BEFORE_END} days before the period ends.
 * - Otherwise the whole story moves by whole years, the fewest that bring the load day inside
 *   that window (in 2031 the plan runs 2030–2031 and the acta reads signed on 28 January 2030):
 *   every date moves, day and month kept; identifiers (the plan's id, the acta's number) stay.
 * - What the acta does not state (Annex 2 is not in the source: the milestones, the reports, the
 *   reviews, the reschedule, the illustrative commitments) is laid out between the signature and
 *   the load day, in proportion to the time between them, and after the load day up to the
 *   period's end, so that on the load day some milestones are done, some late, most on track.
 */
import { PLAN_UTC_OFFSET, addDays, type IsoDate, type IsoTimestamp } from '@hitos/domain';

export const ACTA_SIGNED_ON: IsoDate = '2026-01-28';
export const ACTA_PERIOD = { start: '2026-01-01', end: '2027-12-31' } as const;
/** The story needs a month after the signature: drafts, a report, a review, a late milestone. */
export const MIN_DAYS_AFTER_SIGNING = 30;
/** …and four months before the period ends, for milestones still ahead. */
export const MIN_DAYS_BEFORE_END = 120;

export interface DemoCalendar {
  /** The plan's calendar day the demo is loaded on. */
  loadDay: IsoDate;
  /** Whole years the story moved from the acta's own dates (0: as the acta states them). */
  yearsShifted: number;
  /** The plan's and every commitment's period. */
  period: { start: IsoDate; end: IsoDate };
  /** The acta's signature. */
  signedOn: IsoDate;
  /** Days from the signature to the load day (≥ {@link MIN_DAYS_AFTER_SIGNING}). */
  elapsed: number;
  /** The day a share (0..1) of the way from the signature to the load day. */
  along(share: number): IsoDate;
  /** A date moved by whole years, as the story moves (0 for the acta's own dates). */
  shift(date: IsoDate): IsoDate;
  /** A year moved as the story moves. */
  year(year: number): number;
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `date` moved by whole years; 29 February becomes 28 February in a common year. */
export function shiftYears(date: IsoDate, years: number): IsoDate {
  const moved = `${String(Number(date.slice(0, 4)) + years).padStart(4, '0')}${date.slice(4)}`;
  return addDays(moved, 0) === moved ? moved : `${moved.slice(0, 8)}28`;
}

function fits(loadDay: IsoDate, years: number): boolean {
  const signedOn = shiftYears(ACTA_SIGNED_ON, years);
  const end = shiftYears(ACTA_PERIOD.end, years);
  return (
    daysBetween(signedOn, loadDay) >= MIN_DAYS_AFTER_SIGNING &&
    daysBetween(loadDay, end) >= MIN_DAYS_BEFORE_END
  );
}

/** The years the story moves for a load day: 0 when the acta's dates fit, else the fewest. */
export function yearsToShift(loadDay: IsoDate): number {
  if (fits(loadDay, 0)) return 0;
  const later =
    loadDay > ACTA_PERIOD.end || daysBetween(loadDay, ACTA_PERIOD.end) < MIN_DAYS_BEFORE_END;
  // The window is longer than a year, so one of the next two years always fits.
  for (let years = later ? 1 : -1; ; years += later ? 1 : -1)
    if (fits(loadDay, years)) return years;
}

export function demoCalendar(loadDay: IsoDate): DemoCalendar {
  const years = yearsToShift(loadDay);
  const shift = (date: IsoDate) => shiftYears(date, years);
  const signedOn = shift(ACTA_SIGNED_ON);
  const elapsed = daysBetween(signedOn, loadDay);
  return {
    loadDay,
    yearsShifted: years,
    period: { start: shift(ACTA_PERIOD.start), end: shift(ACTA_PERIOD.end) },
    signedOn,
    elapsed,
    along: (share) => addDays(signedOn, Math.round(share * elapsed)),
    shift,
    year: (year) => year + years,
  };
}

/** A moment of a demo day on the plan's clock, `minute` minutes after 09:00. */
export function demoMoment(day: IsoDate, minute: number): IsoTimestamp {
  const hours = String(9 + Math.floor(minute / 60)).padStart(2, '0');
  const minutes = String(minute % 60).padStart(2, '0');
  return `${day}T${hours}:${minutes}:00.000${PLAN_UTC_OFFSET}`;
}
