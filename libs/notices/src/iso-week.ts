const DAY = 86_400_000;

/** The ISO week of an instant (UTC): `2026-W49`, and its Monday and the next Monday (ISO). */
export function isoWeekOf(at: Date): { week: string; start: string; end: string } {
  const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0
  const monday = day - weekday * DAY;
  const thursday = monday + 3 * DAY;
  const year = new Date(thursday).getUTCFullYear();
  const firstThursday = (() => {
    const jan4 = Date.UTC(year, 0, 4);
    const w = (new Date(jan4).getUTCDay() + 6) % 7;
    return jan4 - w * DAY + 3 * DAY;
  })();
  const number = 1 + Math.round((thursday - firstThursday) / (7 * DAY));
  return {
    week: `${year}-W${String(number).padStart(2, '0')}`,
    start: new Date(monday).toISOString(),
    end: new Date(monday + 7 * DAY).toISOString(),
  };
}

/** The last ISO week that has ended by `at`. */
export const lastEndedWeek = (at: Date) => isoWeekOf(new Date(at.getTime() - 7 * DAY));
