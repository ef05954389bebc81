import { describe, expect, it } from 'vitest';
import { addVat, distributeKopecks, extractVat, lineAmountKopecks, prorateKopecks, roundKopecks, roundQuantity, sumKopecks } from './arithmetic';

describe('quantity × price', () => {
  it('rounds once, half-up (away from zero), never through floats', () => {
    expect(lineAmountKopecks('2.345', 9999)).toBe(23448); // 234.47655 → 234.48
    expect(lineAmountKopecks('0.5', 5)).toBe(3); // 0.025 → 0.03; half-even would give 0.02
    expect(lineAmountKopecks('1.005', 100)).toBe(101); // a float gives 100.49999999999999 → 100
    expect(lineAmountKopecks('0.1', 3)).toBe(0);
    expect(lineAmountKopecks('-0.5', 5)).toBe(-3);
    expect(Object.is(lineAmountKopecks('-0.1', 3), 0)).toBe(true);
    expect(lineAmountKopecks(3, 33333)).toBe(99999);
    expect(lineAmountKopecks('1000000000', 9_000_000)).toBe(9_000_000_000_000_000);
  });

  it('refuses what is not a number and results a JS number cannot hold', () => {
    expect(() => lineAmountKopecks('1,5', 100)).toThrow(RangeError);
    expect(() => lineAmountKopecks('', 100)).toThrow(RangeError);
    expect(() => lineAmountKopecks('1', Number.NaN)).toThrow(RangeError);
    expect(() => lineAmountKopecks('1', 10.5)).toThrow('целым числом копеек');
    expect(() => lineAmountKopecks('10000000000', 9_000_000)).toThrow('слишком велика');
  });
});

describe('VAT by rate', () => {
  it('extracts VAT from an amount that includes it (rate/(100+rate)), half-up', () => {
    expect(extractVat(12200, '22')).toEqual({ netKopecks: 10000, vatKopecks: 2200, grossKopecks: 12200 });
    expect(extractVat(99999, '10')).toEqual({ netKopecks: 90908, vatKopecks: 9091, grossKopecks: 99999 }); // 9090.81…
    expect(extractVat(23448, 22).vatKopecks).toBe(4228); // 4228.32…
    expect(extractVat(10700, '7').vatKopecks).toBe(700);
    expect(extractVat(10500, '5').vatKopecks).toBe(500);
    expect(extractVat(5000, '0')).toEqual({ netKopecks: 5000, vatKopecks: 0, grossKopecks: 5000 });
    // A credit line: the same VAT with a minus (46452 × 22/122 = 8376.59…).
    expect(extractVat(-46452, '22')).toEqual({ netKopecks: -38075, vatKopecks: -8377, grossKopecks: -46452 });
    expect(extractVat(46452, '22').vatKopecks).toBe(8377);
  });

  it('adds VAT on top of an amount without it (rate/100), half-up', () => {
    expect(addVat(30000, '22')).toEqual({ netKopecks: 30000, vatKopecks: 6600, grossKopecks: 36600 });
    expect(addVat(3, '20')).toEqual({ netKopecks: 3, vatKopecks: 1, grossKopecks: 4 }); // 0.6 → 1
    expect(addVat(2, '20').vatKopecks).toBe(0); // 0.4 → 0
    expect(addVat(1000, '7.5').vatKopecks).toBe(75);
    expect(() => addVat(1000, '20%')).toThrow(RangeError);
  });
});

describe('proration, sums, splits', () => {
  it('takes a part of an amount half-up: 1 200,00 ₽ × 12/31 = 464,5161… → 464,52', () => {
    expect(prorateKopecks(120000, 12, 31)).toBe(46452);
    expect(prorateKopecks(120000, 31, 31)).toBe(120000);
    expect(prorateKopecks(100, '1', '3')).toBe(33);
    expect(prorateKopecks(100, '2', '3')).toBe(67);
    expect(prorateKopecks(5, '1', '2')).toBe(3);
    expect(() => prorateKopecks(100, 1, 0)).toThrow(RangeError);
  });

  it('rounds a decimal amount of kopecks half-up', () => {
    expect(roundKopecks('4645.5')).toBe(4646);
    expect(roundKopecks('-4645.5')).toBe(-4646);
    expect(roundKopecks('4645.4999')).toBe(4645);
  });

  it('adds kopecks exactly and says when a JS number cannot hold the sum', () => {
    expect(sumKopecks([10, null, undefined, '20', -5])).toBe(25);
    expect(sumKopecks([])).toBe(0);
    expect(sumKopecks([Number.MAX_SAFE_INTEGER - 1, 1])).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => sumKopecks([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
  });

  it('splits kopecks in proportion: shares rounded down, the rest one each to the largest remainders, earlier first on a tie', () => {
    expect(distributeKopecks(100001, [100000, 100000, 100000])).toEqual([33334, 33334, 33333]);
    // 190000 × 46452 / 275161 = 32075.33…, 85161 × 46452 / 275161 = 14376.66… → the odd kopeck to the second
    expect(distributeKopecks(46452, [190000, 85161])).toEqual([32075, 14377]);
    expect(distributeKopecks(0, [5, 7])).toEqual([0, 0]);
    expect(distributeKopecks(0, [])).toEqual([]);
    for (const total of [1, 2, 3, 999, 100000, 296776]) {
      const parts = distributeKopecks(total, [177742, 84194, 34839, 1]);
      expect(parts.reduce((s, p) => s + p, 0), String(total)).toBe(total);
    }
    expect(() => distributeKopecks(5, [])).toThrow(RangeError);
    expect(() => distributeKopecks(5, [1, 0])).toThrow(RangeError);
    expect(() => distributeKopecks(-1, [1])).toThrow(RangeError);
  });

  it('rounds a quantity to a scale', () => {
    expect(roundQuantity('2.3455', 3)).toBe('2.346');
    expect(roundQuantity('2.5', 0)).toBe('3');
    expect(roundQuantity('12', 3)).toBe('12');
  });
});
