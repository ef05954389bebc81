import { describe, expect, test } from 'vitest';
import { addDays, daysInclusive, endOfMonth, moscowDate } from '../../src/modules/billing/dates';
import { prorate } from '../../src/modules/billing/proration';

describe('proration by days', () => {
  test('price × days / days in month, half-up to kopecks', () => {
    // 120000 × 12 / 31 = 46451.612… → 46452
    expect(prorate(120000, '2026-03-20', '2026-03-31')).toEqual({ amountKopecks: 46452, days: 12, daysInMonth: 31 });
    // exactly half a kopeck rounds up: 31 × 15 / 30 = 15.5 → 16
    expect(prorate(31, '2026-04-16', '2026-04-30').amountKopecks).toBe(16);
    // 29 × 15 / 30 = 14.5 → 15 (half up again); below half rounds down: 14 × 1 / 30 = 0.466… → 0
    expect(prorate(29, '2026-04-16', '2026-04-30').amountKopecks).toBe(15);
    expect(prorate(14, '2026-04-30', '2026-04-30').amountKopecks).toBe(0);
    // a whole month is the price itself, February of a leap year has 29 days
    expect(prorate(190000, '2026-02-01', '2026-02-28')).toEqual({ amountKopecks: 190000, days: 28, daysInMonth: 28 });
    expect(prorate(190000, '2028-02-15', '2028-02-29')).toEqual({ amountKopecks: 98276, days: 15, daysInMonth: 29 }); // 2850000 / 29 = 98275.86…
    // big prices stay exact (a float would drift): 99 999 999,99 ₽ × 1 / 31 = 322580645.129… → 322580645
    expect(prorate(9_999_999_999, '2026-01-31', '2026-01-31').amountKopecks).toBe(322580645);
  });

  test('a period must lie within one month', () => {
    expect(() => prorate(100, '2026-03-31', '2026-04-01')).toThrow(/одном месяце/);
    expect(() => prorate(100, '2026-03-10', '2026-03-01')).toThrow();
  });

  test('calendar days are Moscow days', () => {
    expect(moscowDate(new Date('2026-03-31T20:59:59Z'))).toBe('2026-03-31');
    expect(moscowDate(new Date('2026-03-31T21:00:00Z'))).toBe('2026-04-01');
    expect(endOfMonth('2026-02-10')).toBe('2026-02-28');
    expect(addDays('2026-12-27', 10)).toBe('2027-01-06');
    expect(daysInclusive('2026-03-12', '2026-03-31')).toBe(20);
  });
});
