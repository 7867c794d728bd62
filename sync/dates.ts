/**
 * Strict dates, the same on both ends. `Date.parse` is not used to decide validity: it rolls
 * 2025-04-31 over to May 1st and accepts years 0000 and 9999.
 */

/** School dates (lessons, years, terms, dates of birth): a century either side of today. */
export const DATE_YEAR_MIN = 1900;
export const DATE_YEAR_MAX = 2100;

/**
 * Instants a device stamps (when a message was written). Not before the platform existed (a phone
 * whose clock was reset reads 1970 or 2000) and not more than a day ahead of the server's clock
 * (time zones set wrong, clocks drifting). No lower bound relative to now: a device may come back
 * after a long time offline, and its writes must not expire on the way.
 */
export const TIMESTAMP_MIN = Date.UTC(2020, 0, 1);
export const TIMESTAMP_AHEAD_MS = 24 * 60 * 60 * 1000;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** A day that exists: month 1–12, day within that month of that year. */
function isRealDay(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD`, a day that exists, year in DATE_YEAR_MIN..DATE_YEAR_MAX. */
export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return year >= DATE_YEAR_MIN && year <= DATE_YEAR_MAX && isRealDay(year, month, day);
}

/** ISO 8601 with a zone: `2026-11-18T09:30Z`, `…T09:30:00.000Z`, `…T09:30:00+03:00`. */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** Epoch ms of a strict ISO 8601 instant (real day, 00:00–23:59:59, zone within ±14:00), or null. */
export function parseTimestamp(value: string): number | null {
  const m = TIMESTAMP.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  const second = Number(m[6] ?? 0);
  const ms = Number((m[7] ?? '').padEnd(3, '0'));
  const offsetHours = Number(m[9] ?? 0);
  const offsetMinutes = Number(m[10] ?? 0);
  if (!isRealDay(year!, month!, day!) || hour! > 23 || minute! > 59 || second > 59) return null;
  const offsetTotal = offsetHours * 60 + offsetMinutes;
  if (offsetMinutes > 59 || offsetTotal > 14 * 60) return null;
  const offset = (m[8] === '-' ? -1 : 1) * offsetTotal * 60_000;
  // Date.UTC reads years 0–99 as 1900–1999: such a stamp is refused as too early either way.
  return Date.UTC(year!, month! - 1, day!, hour, minute, second, ms) - offset;
}

/** A device's stamp: a strict instant within TIMESTAMP_MIN..now + TIMESTAMP_AHEAD_MS. */
export function isDeviceTimestamp(value: string, now: number = Date.now()): boolean {
  const at = parseTimestamp(value);
  return at !== null && at >= TIMESTAMP_MIN && at <= now + TIMESTAMP_AHEAD_MS;
}
