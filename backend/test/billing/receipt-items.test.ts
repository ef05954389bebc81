import { describe, expect, test } from 'vitest';
import { loadBillingConfig } from '../../src/modules/billing/config';
import { receiptItems } from '../../src/modules/billing/receipts';
import { assertReceiptFits, receiptName, tbankReceipt, yookassaReceipt, type Receipt } from '../../src/modules/billing/providers';

const line = (description: string, amountKopecks: number) => ({ description, amountKopecks });
const sum = (items: Array<{ amountKopecks: number }>) => items.reduce((s, i) => s + i.amountKopecks, 0);

describe('receipt items of a Счёт', () => {
  test('a Счёт paid in full, no credits: one item per line, amounts as invoiced', () => {
    const items = receiptItems([line('Доступ к модулю «Торговля и склад»', 190000), line('Доступ к модулю «CRM»', 120000)], 310000, 'vat22');
    expect(items).toEqual([
      { name: 'Доступ к модулю «Торговля и склад»', amountKopecks: 190000, vatRate: 'vat22' },
      { name: 'Доступ к модулю «CRM»', amountKopecks: 120000, vatRate: 'vat22' },
    ]);
  });

  test('a credit line is spread over the positive lines in proportion, the odd kopeck to the largest remainder', () => {
    // gross 190000 + 85161 = 275161, credit 46452, to pay 228709:
    //   190000 × 46452 / 275161 = 32075.33… → 32075 (remainder 90925)
    //    85161 × 46452 / 275161 = 14376.66… → 14376 (remainder 184236) + the 1 kopeck left → 14377
    const items = receiptItems([line('trade', 190000), line('crm charge', 85161), line('crm credit', -46452)], 228709, 'vat22');
    expect(items.map((i) => [i.name, i.amountKopecks])).toEqual([
      ['trade', 157925],
      ['crm charge', 70784],
    ]);
    expect(sum(items)).toBe(228709);
  });

  test('a Счёт partly paid before (by transfer): the rest is spread the same way, to the kopeck', () => {
    // 3 × 100000, 1000.01 ₽ paid before: 199999 left, 100001 to take off: 33333.67 from each line → 33333,
    // the 2 kopecks left (equal remainders) go to the first two lines: −33334, −33334, −33333
    const items = receiptItems([line('a', 100000), line('b', 100000), line('c', 100000)], 199999, 'vat20');
    expect(items.map((i) => i.amountKopecks)).toEqual([66666, 66666, 66667]);
    expect(items.every((i) => i.vatRate === 'vat20')).toBe(true);
  });

  test('whatever the split, the items add up to the payment, none negative or zero', () => {
    const lines = [line('a', 177742), line('b', 84194), line('c', 34839), line('d', -27097), line('e', 1), line('f', -3)];
    // positive lines: 177742 + 84194 + 34839 + 1 = 296776
    for (const pay of [1, 2, 3, 999, 100000, 169999, 269676, 296776]) {
      const items = receiptItems(lines, pay, 'vat22');
      expect(sum(items), String(pay)).toBe(pay);
      expect(items.every((i) => Number.isSafeInteger(i.amountKopecks) && i.amountKopecks > 0)).toBe(true);
    }
    expect(() => receiptItems(lines, 296777, 'vat22')).toThrow(RangeError); // more than the positive lines
    expect(() => receiptItems(lines, 0, 'vat22')).toThrow(RangeError);
  });
});

describe('the receipt as each bank takes it', () => {
  const receipt: Receipt = {
    customerEmail: 'admin@chek.ru',
    customerName: 'ООО «Чек»',
    customerInn: '7707083893',
    taxSystem: 'osn',
    items: [
      { name: 'Доступ к модулю «Торговля и склад» WorkCloud за февраль 2026', amountKopecks: 190000, vatRate: 'vat22' },
      { name: 'Подключение: модуль «CRM»', amountKopecks: 4950, vatRate: 'vat22' },
    ],
  };

  test('ЮKassa: rubles as strings, vat_code 11 for 22 % (4 for 20 %), service, full payment, tax_system_code', () => {
    expect(yookassaReceipt(receipt)).toEqual({
      customer: { email: 'admin@chek.ru', full_name: 'ООО «Чек»', inn: '7707083893' },
      items: [
        { description: 'Доступ к модулю «Торговля и склад» WorkCloud за февраль 2026', quantity: '1.00', amount: { value: '1900.00', currency: 'RUB' }, vat_code: 11, payment_subject: 'service', payment_mode: 'full_payment' },
        { description: 'Подключение: модуль «CRM»', quantity: '1.00', amount: { value: '49.50', currency: 'RUB' }, vat_code: 11, payment_subject: 'service', payment_mode: 'full_payment' },
      ],
      tax_system_code: 1,
    });
    const in2025 = { ...receipt, taxSystem: 'usn_income' as const, items: receipt.items.map((i) => ({ ...i, vatRate: 'vat20' as const })) };
    expect(yookassaReceipt(in2025)).toMatchObject({ tax_system_code: 2, items: [{ vat_code: 4 }, { vat_code: 4 }] });
  });

  test('Т-Банк: kopecks, Tax vat22 (vat20 in 2025), Taxation, ФФД 1.05', () => {
    expect(tbankReceipt(receipt)).toEqual({
      FfdVersion: '1.05',
      Email: 'admin@chek.ru',
      Taxation: 'osn',
      Items: [
        { Name: 'Доступ к модулю «Торговля и склад» WorkCloud за февраль 2026', Price: 190000, Quantity: 1, Amount: 190000, Tax: 'vat22', PaymentMethod: 'full_payment', PaymentObject: 'service' },
        { Name: 'Подключение: модуль «CRM»', Price: 4950, Quantity: 1, Amount: 4950, Tax: 'vat22', PaymentMethod: 'full_payment', PaymentObject: 'service' },
      ],
    });
    expect(tbankReceipt({ ...receipt, items: [{ ...receipt.items[0]!, vatRate: 'vat20' }] }).Items[0]!.Tax).toBe('vat20');
  });

  test('names are cut to 128 characters; a receipt not adding up to the payment is refused before sending', () => {
    const long = 'Доступ к модулю '.repeat(20);
    expect(Array.from(receiptName(long))).toHaveLength(128);
    expect(receiptName(long).endsWith('…')).toBe(true);
    expect(receiptName('  коротко ')).toBe('коротко');
    expect(() => assertReceiptFits(receipt, 194950)).not.toThrow();
    expect(() => assertReceiptFits(receipt, 194951)).toThrow(/позиции на 194950 коп\., а платёж на 194951/);
    expect(() => assertReceiptFits({ ...receipt, customerEmail: '' }, 194950)).toThrow(/e-mail/);
  });
});

describe('the owner’s tax system setting', () => {
  test('ОСН unless WORKCLOUD_SELLER_TAX_SYSTEM says otherwise; an unknown value stops the start', () => {
    expect(loadBillingConfig({}).taxSystem).toBe('osn');
    expect(loadBillingConfig({ WORKCLOUD_SELLER_TAX_SYSTEM: 'usn_income_outcome' }).taxSystem).toBe('usn_income_outcome');
    expect(() => loadBillingConfig({ WORKCLOUD_SELLER_TAX_SYSTEM: 'envd' })).toThrow(/WORKCLOUD_SELLER_TAX_SYSTEM/);
  });
});
