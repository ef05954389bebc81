import { describe, expect, it } from 'vitest';
import { formatKopecks, kopecksToInput, parseRublesToKopecks } from './format';

const plain = (s: string) => s.replace(/[\s\u00a0\u202f]/g, ' ');

describe('money in kopecks', () => {
  it('formats integer kopecks as rubles the Russian way, without float maths', () => {
    expect(plain(formatKopecks(190000))).toBe('1 900,00 ₽');
    expect(plain(formatKopecks(5))).toBe('0,05 ₽');
    expect(plain(formatKopecks(-12345))).toBe('−123,45 ₽');
    // Beyond 2^53 kopecks a float would already be wrong; BigInt-based formatting is not.
    expect(plain(formatKopecks('900719925474099199'))).toBe('9 007 199 254 740 991,99 ₽');
  });

  it('parses what people type into integer kopecks', () => {
    expect(parseRublesToKopecks('1 900,50')).toBe(190050);
    expect(parseRublesToKopecks('1900.5')).toBe(190050);
    expect(parseRublesToKopecks('0,07')).toBe(7);
    expect(parseRublesToKopecks('12 ₽')).toBe(1200);
    expect(parseRublesToKopecks('1,234')).toBeNull();
    expect(parseRublesToKopecks('abc')).toBeNull();
    expect(kopecksToInput(190050)).toBe('1900,50');
  });
});
