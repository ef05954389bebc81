import { describe, expect, it } from 'vitest';
import { formatDate, formatMoney, formatQuantity, innKpp, partyDetails } from './layout';
import { buyer } from './__fixtures__/documents';

// Thousands are grouped with a no-break space, which looks like a normal one on paper.
const nbsp = (text: string) => text.replace(/ /g, '\u00a0');

describe('formatMoney', () => {
  it.each<[number | bigint, string]>([
    [0, '0,00'],
    [5, '0,05'],
    [123456, '1 234,56'],
    [100000000, '1 000 000,00'],
    [99999, '999,99'],
    [-123456, '-1 234,56'],
    [123456789012345n, '1 234 567 890 123,45'],
  ])('%s kopecks → %s', (kopecks, text) => {
    expect(formatMoney(kopecks)).toBe(nbsp(text));
  });

  it('rejects fractional kopecks', () => {
    expect(() => formatMoney(12.5)).toThrow(Error);
  });
});

describe('formatQuantity', () => {
  it.each([
    ['2', '2'],
    ['152.500', '152,5'],
    ['1.000', '1'],
    ['0.125', '0,125'],
    ['12500', '12 500'],
  ])('%s → %s', (quantity, text) => {
    expect(formatQuantity(quantity)).toBe(nbsp(text));
  });

  it('rejects what is not a plain decimal', () => {
    expect(() => formatQuantity('1,5')).toThrow(Error);
    expect(() => formatQuantity('-1')).toThrow(Error);
    expect(() => formatQuantity('')).toThrow(Error);
  });
});

describe('formatDate', () => {
  it('prints DD.MM.YYYY', () => {
    expect(formatDate('2026-11-26')).toBe('26.11.2026');
    expect(formatDate('2026-01-05')).toBe('05.01.2026');
  });

  it('rejects other formats', () => {
    expect(() => formatDate('26.11.2026')).toThrow(Error);
  });
});

describe('party requisites', () => {
  it('joins ИНН and КПП, or gives the ИНН alone for an entrepreneur', () => {
    expect(innKpp(buyer)).toBe('7802345678/780201001');
    expect(innKpp({ ...buyer, inn: '500100732259', kpp: undefined })).toBe('500100732259');
  });

  it('adds bank requisites only when asked', () => {
    expect(partyDetails(buyer, false)).toBe(
      'ООО «Северный склад», ИНН 7802345678, КПП 780201001, 194044, г. Санкт-Петербург, Лесной пр-т, д. 19, лит. А, пом. 7-Н',
    );
    expect(partyDetails(buyer, true)).toContain(
      'р/с 40702810401300054321, в банке АО «АЛЬФА-БАНК», г. Москва, БИК 044525593, к/с 30101810200000000593',
    );
  });
});
