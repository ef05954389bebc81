import { describe, expect, it } from 'vitest';
import { computeLine, generalVatRateOn, vatPercent } from './vat';

describe('generalVatRateOn', () => {
  it('is 22 % from 2026-01-01 and 20 % before', () => {
    expect(generalVatRateOn('2026-01-01')).toBe('vat22');
    expect(generalVatRateOn('2026-07-15')).toBe('vat22');
    expect(generalVatRateOn('2025-12-31')).toBe('vat20');
    expect(generalVatRateOn('2019-01-01')).toBe('vat20');
  });

  it('refuses dates of the 18 % era and malformed dates', () => {
    expect(() => generalVatRateOn('2018-12-31')).toThrow('18 %');
    expect(() => generalVatRateOn('01.01.2026')).toThrow('ГГГГ-ММ-ДД');
    expect(() => generalVatRateOn('2026-02-30')).toThrow('ГГГГ-ММ-ДД');
  });
});

describe('vatPercent', () => {
  it('maps each rate to its percent', () => {
    expect(vatPercent('vat22')).toBe(22);
    expect(vatPercent('vat20')).toBe(20);
    expect(vatPercent('vat10')).toBe(10);
    expect(vatPercent('vat7')).toBe(7);
    expect(vatPercent('vat5')).toBe(5);
    expect(vatPercent('vat0')).toBe(0);
    expect(vatPercent('none')).toBe(0);
  });
});

describe('computeLine', () => {
  it('adds VAT on top of a price without VAT', () => {
    // 3 × 100.00 = 300.00; 22 % of it = 66.00
    expect(computeLine({ quantity: '3', priceKopecks: 10000, rate: 'vat22', priceIncludesVat: false })).toEqual({
      amountKopecks: 30000,
      vatKopecks: 6600,
      totalKopecks: 36600,
    });
  });

  it('extracts VAT from a price with VAT (22/122, 10/110, 7/107, 5/105)', () => {
    expect(computeLine({ quantity: '1', priceKopecks: 12200, rate: 'vat22', priceIncludesVat: true })).toEqual({
      amountKopecks: 10000,
      vatKopecks: 2200,
      totalKopecks: 12200,
    });
    // 3 × 333.33 = 999.99; 999.99 × 10/110 = 90.908… → 90.91
    expect(computeLine({ quantity: '3', priceKopecks: 33333, rate: 'vat10', priceIncludesVat: true })).toEqual({
      amountKopecks: 90908,
      vatKopecks: 9091,
      totalKopecks: 99999,
    });
    expect(computeLine({ quantity: '1', priceKopecks: 10700, rate: 'vat7', priceIncludesVat: true }).vatKopecks).toBe(700);
    expect(computeLine({ quantity: '1', priceKopecks: 10500, rate: 'vat5', priceIncludesVat: true }).vatKopecks).toBe(500);
  });

  it('rounds the line total, then the VAT, each half-up to kopecks', () => {
    // 2.345 × 99.99 = 234.47655 → 234.48; 234.48 × 22/122 = 42.2832… → 42.28; 234.48 − 42.28 = 192.20
    expect(computeLine({ quantity: '2.345', priceKopecks: 9999, rate: 'vat22', priceIncludesVat: true })).toEqual({
      amountKopecks: 19220,
      vatKopecks: 4228,
      totalKopecks: 23448,
    });
  });

  it('rounds half up, not half to even', () => {
    // 0.5 × 0.05 = 0.025 → 0.03 (half-even would give 0.02); 20 % of 0.03 = 0.006 → 0.01
    expect(computeLine({ quantity: '0.5', priceKopecks: 5, rate: 'vat20', priceIncludesVat: false })).toEqual({
      amountKopecks: 3,
      vatKopecks: 1,
      totalKopecks: 4,
    });
  });

  it('does not suffer from binary floats', () => {
    // In floats 1.005 × 100 = 100.49999999999999, which would round down to 100.
    expect(computeLine({ quantity: '1.005', priceKopecks: 100, rate: 'none', priceIncludesVat: false })).toEqual({
      amountKopecks: 101,
      vatKopecks: 0,
      totalKopecks: 101,
    });
    // 1234.567 × 987 654 321 013 kop. = 1 219 325 432 130 056.371 kop.: 19 significant digits, more than
    // a double holds (in floats it rounds to …057). 20 % of …056 = 243 865 086 426 011.2 → …011.
    expect(
      computeLine({ quantity: '1234.567', priceKopecks: 987654321013, rate: 'vat20', priceIncludesVat: false }),
    ).toEqual({ amountKopecks: 1219325432130056, vatKopecks: 243865086426011, totalKopecks: 1463190518556067 });
  });

  it('charges no VAT for 0 % and «без НДС»', () => {
    for (const rate of ['vat0', 'none'] as const) {
      for (const priceIncludesVat of [true, false]) {
        expect(computeLine({ quantity: '2', priceKopecks: 1550, rate, priceIncludesVat })).toEqual({
          amountKopecks: 3100,
          vatKopecks: 0,
          totalKopecks: 3100,
        });
      }
    }
  });

  it('rejects malformed quantities and prices, and totals beyond safe integers', () => {
    const line = { priceKopecks: 100, rate: 'vat22', priceIncludesVat: false } as const;
    expect(() => computeLine({ ...line, quantity: '1,5' })).toThrow('Количество "1,5"');
    expect(() => computeLine({ ...line, quantity: '1.2345' })).toThrow('Количество');
    expect(() => computeLine({ ...line, quantity: '-1' })).toThrow('Количество');
    expect(() => computeLine({ ...line, quantity: '1', priceKopecks: 10.5 })).toThrow('Цена 10.5');
    expect(() => computeLine({ ...line, quantity: '1', priceKopecks: -100 })).toThrow('Цена');
    expect(() => computeLine({ ...line, quantity: '999999.999', priceKopecks: 99999999999 })).toThrow('слишком велика');
  });
});
