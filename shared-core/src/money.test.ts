import { describe, expect, it } from 'vitest';
import { formatRubles, kopecksToRubles, parseRubles, rublesToKopecks } from './money';

const plain = (s: string) => s.replace(/\u00a0/g, ' ');

describe('kopecks as text', () => {
  it('writes the machine form with a point and two decimals, exact beyond 2^53', () => {
    expect(kopecksToRubles(100_050)).toBe('1000.50');
    expect(kopecksToRubles(5)).toBe('0.05');
    expect(kopecksToRubles(-5)).toBe('-0.05');
    expect(kopecksToRubles(0)).toBe('0.00');
    expect(kopecksToRubles(Number.MAX_SAFE_INTEGER)).toBe('90071992547409.91');
    expect(kopecksToRubles('900719925474099199')).toBe('9007199254740991.99');
    expect(kopecksToRubles(12345678901234567890n)).toBe('123456789012345678.90');
    for (const bad of [10.5, 0.1 + 0.2, Number.NaN, 2 ** 53, '1.5', 'abc']) expect(() => kopecksToRubles(bad), String(bad)).toThrow(RangeError);
  });

  it('reads the machine form back without floating point', () => {
    expect(rublesToKopecks('0.29')).toBe(29); // 0.29 * 100 is 28.999999999999996 in floating point
    expect(rublesToKopecks('1234.5')).toBe(123450);
    expect(rublesToKopecks('12')).toBe(1200);
    expect(rublesToKopecks('-0.05')).toBe(-5);
    expect(Object.is(rublesToKopecks('-0.00'), 0)).toBe(true);
    expect(rublesToKopecks('90071992547409.91')).toBe(Number.MAX_SAFE_INTEGER);
    for (const bad of ['1,00', '1.005', '1e3', ' 1.00', '', '.5', '90071992547409.92']) expect(() => rublesToKopecks(bad), bad).toThrow(RangeError);
  });

  it('formats amounts the Russian way: «1 234,56 ₽», U+2212 minus, options for tables and inputs', () => {
    expect(plain(formatRubles(123456))).toBe('1 234,56 ₽');
    expect(plain(formatRubles(190000))).toBe('1 900,00 ₽');
    expect(plain(formatRubles(5))).toBe('0,05 ₽');
    expect(plain(formatRubles(-12345))).toBe('−123,45 ₽');
    expect(plain(formatRubles('900719925474099199'))).toBe('9 007 199 254 740 991,99 ₽');
    expect(formatRubles(123456)).toBe('1\u00a0234,56\u00a0₽');
    expect(plain(formatRubles(-123456, { currency: false, minus: '-' }))).toBe('-1 234,56');
    expect(formatRubles(190050, { currency: false, grouping: false, minus: '-' })).toBe('1900,50');
    expect(formatRubles(-0)).toBe('0,00\u00a0₽');
  });

  it('parses what people type, refusing what it would have to guess', () => {
    expect(parseRubles('1 234,56')).toBe(123456);
    expect(parseRubles('1\u00a0234,56 ₽')).toBe(123456);
    expect(parseRubles('1234.5')).toBe(123450);
    expect(parseRubles('0,07')).toBe(7);
    expect(parseRubles('12 ₽')).toBe(1200);
    expect(parseRubles('12,')).toBe(1200);
    expect(parseRubles('-3,5')).toBe(-350);
    expect(parseRubles('1,234')).toBeNull();
    expect(parseRubles('1.2.3')).toBeNull();
    expect(parseRubles('abc')).toBeNull();
    expect(parseRubles('')).toBeNull();
    expect(parseRubles('99999999999999999')).toBeNull(); // more than a JS number holds exactly
  });
});
