/**
 * School dates are plain `YYYY-MM-DD` strings in the school's time zone; the arithmetic below
 * works on them through UTC so no device time zone can shift a day.
 */

/** The date it is now in a time zone. */
export function dateInZone(timeZone: string, at: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

function toUtc(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

export function addDays(iso: string, days: number): string {
  const d = toUtc(iso);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** ISO weekday: Monday 1 … Sunday 7. */
export function isoWeekday(iso: string): number {
  return ((toUtc(iso).getUTCDay() + 6) % 7) + 1;
}

/** The Monday of the week a date falls in. */
export function mondayOf(iso: string): string {
  return addDays(iso, 1 - isoWeekday(iso));
}

/** Day of month and month (1–12) of an ISO date. */
export function dayAndMonth(iso: string): { day: number; month: number; year: number } {
  const d = toUtc(iso);
  return { day: d.getUTCDate(), month: d.getUTCMonth() + 1, year: d.getUTCFullYear() };
}
