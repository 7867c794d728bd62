import { describe, expect, it } from 'vitest';
import { isCalendarDate, isDeviceTimestamp, parseTimestamp, TIMESTAMP_AHEAD_MS } from './dates.ts';

describe('school dates', () => {
  it('takes days that exist, leap days included', () => {
    for (const date of ['2026-11-18', '2024-02-29', '2000-02-29', '1900-01-01', '2100-12-31', '2025-04-30']) expect(isCalendarDate(date), date).toBe(true);
  });

  it('refuses days that do not exist, years out of range and other formats', () => {
    for (const date of ['2025-02-29', '1900-02-29', '2025-02-30', '2025-04-31', '2025-13-01', '2025-00-10', '2025-01-00', '2025-01-32',
      '0000-01-01', '9999-12-31', '1899-12-31', '2101-01-01', '2026-1-5', '2026-11-18T00:00:00Z', ' 2026-11-18', '２０２６-11-18'])
      expect(isCalendarDate(date), date).toBe(false);
  });
});

describe('instants', () => {
  it('reads strict ISO 8601 with a zone, as Date.parse would', () => {
    for (const stamp of ['2026-11-18T09:30Z', '2026-11-18T09:30:15Z', '2026-11-18T09:30:15.5Z', '2026-11-18T09:30:15.123+03:00', '2026-11-18T23:59:59-14:00'])
      expect(parseTimestamp(stamp), stamp).toBe(Date.parse(stamp));
  });

  it('refuses what Date.parse rolls over or guesses', () => {
    for (const stamp of ['2025-02-30T10:00:00Z', '2025-04-31T10:00:00Z', '2026-11-18T24:00:00Z', '2026-11-18T09:60:00Z', '2026-11-18T09:30:60Z',
      '2026-11-18T09:30:00+15:00', '2026-11-18T09:30:00+14:01', '2026-11-18T09:30:00+03:60', '2026-11-18T09:30:00', '2026-11-18 09:30:00Z',
      '2026-11-18T09:30:00.1234Z', 'Wed, 18 Nov 2026 09:30:00 GMT', '1763458200000', ''])
      expect(parseTimestamp(stamp), stamp).toBeNull();
  });

  it('takes a device stamp from 2020 up to a day ahead of now, not years 0000 or 9999', () => {
    const now = Date.parse('2026-12-03T12:00:00Z');
    expect(isDeviceTimestamp('2026-12-03T12:00:00Z', now)).toBe(true);
    expect(isDeviceTimestamp('2020-01-01T00:00:00Z', now)).toBe(true);
    expect(isDeviceTimestamp(new Date(now + TIMESTAMP_AHEAD_MS).toISOString(), now)).toBe(true);
    for (const stamp of ['2019-12-31T23:59:59Z', new Date(now + TIMESTAMP_AHEAD_MS + 1).toISOString(), '0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '1970-01-01T00:00:00Z'])
      expect(isDeviceTimestamp(stamp, now), stamp).toBe(false);
  });
});
