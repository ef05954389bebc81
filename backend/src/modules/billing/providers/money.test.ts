import { describe, expect, it } from 'vitest';
import { kopecksToRubles, rublesToKopecks } from './money';

describe('kopecks ⇄ ЮKassa rubles', () => {
  it('writes kopecks as rubles with exactly two decimals', () => {
    expect(kopecksToRubles(100_000)).toBe('1000.00');
    expect(kopecksToRubles(100_050)).toBe('1000.50');
    expect(kopecksToRubles(5)).toBe('0.05');
    expect(kopecksToRubles(Number.MAX_SAFE_INTEGER)).toBe('90071992547409.91');
  });

  it('refuses what is not a whole positive number of kopecks', () => {
    for (const bad of [0, -100, 10.5, 0.1 + 0.2, Number.NaN, 2 ** 53]) expect(() => kopecksToRubles(bad), String(bad)).toThrow(RangeError);
  });

  it('reads rubles back without floating point', () => {
    expect(rublesToKopecks('1000.00')).toBe(100_000);
    expect(rublesToKopecks('0.29')).toBe(29); // 0.29 * 100 is 28.999999999999996 in floating point
    expect(rublesToKopecks('90071992547409.91')).toBe(Number.MAX_SAFE_INTEGER);
    for (const bad of ['1000', '1000.5', '1e3', '10,00', '-1.00', ' 1.00', '90071992547409.92']) expect(() => rublesToKopecks(bad), bad).toThrow(RangeError);
  });
});
