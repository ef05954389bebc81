import { afterEach, describe, expect, it } from 'vitest';
import { lineAmountOf } from './computed';
import { formatDecimal, getTenantTimeZone, normalizeDecimal, setTenantTimeZone, todayIso } from './values';

afterEach(() => setTenantTimeZone(null));

describe("the UI's today", () => {
  // 15:30 UTC on 31 March: 18:30 in Москва, already 01:30 on 1 April in Владивосток.
  const instant = new Date('2026-03-31T15:30:00Z');

  it("is the calendar day of the company's zone from /api/me, Moscow without one", () => {
    expect(todayIso(instant)).toBe('2026-03-31');
    setTenantTimeZone('Asia/Vladivostok');
    expect(todayIso(instant)).toBe('2026-04-01');
    expect(getTenantTimeZone()).toBe('Asia/Vladivostok');
    setTenantTimeZone('Not/AZone');
    expect(getTenantTimeZone()).toBe('Europe/Moscow');
    expect(todayIso(instant)).toBe('2026-03-31');
  });
});

describe('engine values through shared-core', () => {
  it('reads and prints quantities, and computes a line being typed like the server', () => {
    expect(normalizeDecimal('1 000,5')).toBe('1000.5');
    expect(normalizeDecimal('abc')).toBeNull();
    expect(formatDecimal('12500.500')).toBe('12\u00a0500,5');
    expect(formatDecimal(null)).toBe('—');
    const rule = { quantity: 'quantity', price: 'price' };
    expect(lineAmountOf({ quantity: '2,345', price: 9999 }, rule)).toBe(23448);
    expect(lineAmountOf({ quantity: '0.5', price: 5 }, rule)).toBe(3);
    expect(lineAmountOf({ quantity: '', price: 5 }, rule)).toBeNull();
    expect(lineAmountOf({ quantity: '2', price: null }, rule)).toBeNull();
    expect(lineAmountOf({ quantity: '2', price: 10.5 }, rule)).toBeNull();
  });
});
