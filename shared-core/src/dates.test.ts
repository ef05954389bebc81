import { describe, expect, it } from 'vitest';
import { addDays, businessDate, canonicalTimeZone, DEFAULT_TIME_ZONE, daysInMonth, isIsoDate, isTimeZone, monthEnd, monthStart, RUSSIAN_TIME_ZONES } from './dates';

describe('business date of an instant in a time zone', () => {
  // 15:30 UTC on 31 March: 18:30 in Москва (UTC+3), already 01:30 on 1 April in Владивосток (UTC+10).
  const instant = new Date('2026-03-31T15:30:00Z');

  it('is the calendar day of that zone', () => {
    expect(businessDate(instant, 'Europe/Moscow')).toBe('2026-03-31');
    expect(businessDate(instant, 'Asia/Vladivostok')).toBe('2026-04-01');
    expect(businessDate(instant, 'Europe/Kaliningrad')).toBe('2026-03-31');
    expect(businessDate(new Date('2026-12-31T20:59:59Z'), DEFAULT_TIME_ZONE)).toBe('2026-12-31');
    expect(businessDate(new Date('2026-12-31T21:00:00Z'), DEFAULT_TIME_ZONE)).toBe('2027-01-01');
    expect(businessDate(new Date('2026-01-01T00:00:00Z'), 'UTC')).toBe('2026-01-01');
    expect(() => businessDate(new Date('nonsense'), DEFAULT_TIME_ZONE)).toThrow(RangeError);
  });

  it('the platform default is Moscow', () => {
    expect(DEFAULT_TIME_ZONE).toBe('Europe/Moscow');
  });
});

describe('time zone names', () => {
  it('takes IANA names as Intl knows them, spelled canonically', () => {
    expect(canonicalTimeZone('Asia/Vladivostok')).toBe('Asia/Vladivostok');
    expect(canonicalTimeZone('asia/vladivostok')).toBe('Asia/Vladivostok');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('utc')).toBe('UTC');
    expect(canonicalTimeZone('America/Argentina/Buenos_Aires')).toBe('America/Argentina/Buenos_Aires');
    for (const z of RUSSIAN_TIME_ZONES) expect(isTimeZone(z.zone), z.zone).toBe(true);
  });

  it('refuses what is not a zone name', () => {
    for (const bad of ['Mars/Olympus', 'Europe/Moscow ', '+03:00', 'MSK', 'EST', '', 'Europe/../Moscow', 42, null, 'A'.repeat(70)]) {
      expect(isTimeZone(bad), String(bad)).toBe(false);
    }
  });
});

describe('calendar days', () => {
  it('checks real days', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('26.02.2026')).toBe(false);
  });

  it('month start and end, days in a month, adding days across months and years', () => {
    expect(monthStart('2026-03-20')).toBe('2026-03-01');
    expect(monthEnd('2026-02-10')).toBe('2026-02-28');
    expect(monthEnd('2028-02-10')).toBe('2028-02-29');
    expect(monthEnd('2026-12-31')).toBe('2026-12-31');
    expect(daysInMonth('2026-04-15')).toBe(30);
    expect(addDays('2026-03-30', 3)).toBe('2026-04-02');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(() => monthStart('2026-13-01')).toThrow(RangeError);
  });
});
