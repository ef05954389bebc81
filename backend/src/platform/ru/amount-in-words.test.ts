import { describe, expect, it } from 'vitest';
import { amountInWords } from './amount-in-words';

// Every expected string below was written out by hand, not generated.
describe('amountInWords', () => {
  it.each<[number | bigint, string]>([
    [0, 'Ноль рублей 00 копеек'],
    [1, 'Ноль рублей 01 копейка'],
    [100, 'Один рубль 00 копеек'],
    [200, 'Два рубля 00 копеек'],
    [500, 'Пять рублей 00 копеек'],
    [1000, 'Десять рублей 00 копеек'],
    [2100, 'Двадцать один рубль 00 копеек'],
    [2200, 'Двадцать два рубля 00 копеек'],
    [12200, 'Сто двадцать два рубля 00 копеек'],
    [10000, 'Сто рублей 00 копеек'],
    [100100, 'Одна тысяча один рубль 00 копеек'],
    [200000, 'Две тысячи рублей 00 копеек'],
    [500000, 'Пять тысяч рублей 00 копеек'],
    [2100000, 'Двадцать одна тысяча рублей 00 копеек'],
    [2200000, 'Двадцать две тысячи рублей 00 копеек'],
    [1100000, 'Одиннадцать тысяч рублей 00 копеек'],
    [100000000, 'Один миллион рублей 00 копеек'],
    [100000100, 'Один миллион один рубль 00 копеек'],
    [300000000, 'Три миллиона рублей 00 копеек'],
    [1200000000, 'Двенадцать миллионов рублей 00 копеек'],
    [200000000000, 'Два миллиарда рублей 00 копеек'],
    [99999999, 'Девятьсот девяносто девять тысяч девятьсот девяносто девять рублей 99 копеек'],
    [
      123456789012,
      'Один миллиард двести тридцать четыре миллиона пятьсот шестьдесят семь тысяч восемьсот девяносто рублей 12 копеек',
    ],
    [4070050003, 'Сорок миллионов семьсот тысяч пятьсот рублей 03 копейки'],
    [123456, 'Одна тысяча двести тридцать четыре рубля 56 копеек'],
    [147600, 'Одна тысяча четыреста семьдесят шесть рублей 00 копеек'],
    [100000000000000n, 'Один триллион рублей 00 копеек'],
  ])('%s kopecks → %s', (kopecks, words) => {
    expect(amountInWords(kopecks)).toBe(words);
  });

  it('uses рублей for 11–19, also after hundreds and thousands', () => {
    const teens = ['Одиннадцать', 'Двенадцать', 'Тринадцать', 'Четырнадцать', 'Пятнадцать',
      'Шестнадцать', 'Семнадцать', 'Восемнадцать', 'Девятнадцать'];
    teens.forEach((word, i) => {
      expect(amountInWords((11 + i) * 100)).toBe(`${word} рублей 00 копеек`);
    });
    expect(amountInWords(11100)).toBe('Сто одиннадцать рублей 00 копеек');
    expect(amountInWords(111400)).toBe('Одна тысяча сто четырнадцать рублей 00 копеек');
    expect(amountInWords(1400000)).toBe('Четырнадцать тысяч рублей 00 копеек');
  });

  it('agrees the kopeck word with the kopeck number', () => {
    expect(amountInWords(101)).toBe('Один рубль 01 копейка');
    expect(amountInWords(121)).toBe('Один рубль 21 копейка');
    expect(amountInWords(102)).toBe('Один рубль 02 копейки');
    expect(amountInWords(134)).toBe('Один рубль 34 копейки');
    expect(amountInWords(105)).toBe('Один рубль 05 копеек');
    expect(amountInWords(111)).toBe('Один рубль 11 копеек');
    expect(amountInWords(114)).toBe('Один рубль 14 копеек');
    expect(amountInWords(150)).toBe('Один рубль 50 копеек');
  });

  it('takes bigint as well as number', () => {
    expect(amountInWords(12200n)).toBe(amountInWords(12200));
  });

  it('rejects amounts that are not whole kopecks', () => {
    expect(() => amountInWords(12.5)).toThrow(Error);
    expect(() => amountInWords(0.1 + 0.2)).toThrow(Error);
    expect(() => amountInWords(Number.NaN)).toThrow(Error);
    expect(() => amountInWords(Number.POSITIVE_INFINITY)).toThrow(Error);
    expect(() => amountInWords(2 ** 60)).toThrow(Error); // beyond safe integers: already imprecise
  });

  it('rejects negative and out-of-range amounts', () => {
    expect(() => amountInWords(-100)).toThrow(Error);
    expect(() => amountInWords(10n ** 17n)).toThrow(Error); // a квадриллион rubles
  });
});
