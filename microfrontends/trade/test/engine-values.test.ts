/** The exact arithmetic the engine forms show before the server computes the same numbers. */
import { describe, expect, it } from 'vitest';
import { formatDecimal, lineAmountKopecks, normalizeDecimal, sumKopecks } from '../../../shared-ui/src/engine/values';

describe('engine values', () => {
  it('computes line amounts in whole kopecks, rounding half away from zero like the backend', () => {
    expect(lineAmountKopecks('2', 8990)).toBe(17980);
    expect(lineAmountKopecks('2,5', 5500)).toBe(13750);
    expect(lineAmountKopecks('0.333', 5)).toBe(2); // 1.665 → 2
    expect(lineAmountKopecks('0.1', 5)).toBe(1); // 0.5 → 1
    expect(lineAmountKopecks('-1.5', 3)).toBe(-5); // −4.5 → −5
    expect(lineAmountKopecks('3', -5)).toBe(-15);
    expect(lineAmountKopecks('1 000,125', 100)).toBe(100013); // 100012.5 → 100013
    expect(lineAmountKopecks('abc', 5)).toBeNull();
    expect(lineAmountKopecks('2', null)).toBeNull();
    // Beyond 2^53 in the product, still exact.
    expect(lineAmountKopecks('123456789.123', 99999999)).toBe(Number((123456789123n * 99999999n + 500n) / 1000n));
  });

  it('reads and prints decimals the Russian way', () => {
    expect(normalizeDecimal('1 000,5')).toBe('1000.5');
    expect(normalizeDecimal('1,2,3')).toBeNull();
    expect(formatDecimal('12500.500')).toBe('12\u00a0500,5');
    expect(formatDecimal('10.000')).toBe('10');
    expect(formatDecimal('-0.250')).toBe('−0,25');
    expect(sumKopecks([89900, 13750, null])).toBe(103650);
  });
});
