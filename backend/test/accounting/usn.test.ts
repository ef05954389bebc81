import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { usnTax } from '../../src/modules/accounting/usn/tax';
import { nextInn, type TestStack } from '../support/stack';
import { createItem, postDocument, type Api } from '../trade/support';
import { chartOf, postAccounting, report, startAccountingCompany } from './support';

/**
 * УСН: the КУДиР from money movements and the tax with its advances, 2026. ООО «Шесть» pays on «доходы» (6 %, less
 * the insurance contributions paid, at most half); ООО «Пятнадцать» on «доходы минус расходы» (15 %, the minimum
 * tax 1 %). Every figure by hand in the comments (kopecks; taxes in full rubles).
 */
let stack: TestStack;
let api: Api;
let acc: Record<string, string>;
const id: Record<string, string> = {};
const BANK = '40702810300180001774';
const post = (code: string, body: Record<string, unknown>) => postDocument(api, code, body);
const usnReport = async (code: 'usn_book' | 'usn_tax', organization: string) => report(api, code, { organization, year: '2026' });

beforeAll(async () => {
  const t = await startAccountingCompany('accounting-usn', { name: 'Упрощенцы', adminEmail: 'admin@usn.ru' });
  stack = t.stack;
  api = t.api;
  acc = await chartOf(api);
  id.six = await createItem(api, 'organizations', { name: 'ООО «Шесть»', inn: nextInn(), vat_status: 'usn', bik: '044525311', account: BANK });
  id.fifteen = await createItem(api, 'organizations', { name: 'ООО «Пятнадцать»', inn: nextInn(), vat_status: 'usn', bik: '044525311', account: BANK });
  expect((await api.post('/api/accounting/catalogs/policies', { name: 'Учётная политика', organization: id.fifteen, usn_object: 'income_minus_expenses' })).status).toBe(201);
  id.osno = await createItem(api, 'organizations', { name: 'ООО «Общая»', inn: nextInn() });
  id.main = await createItem(api, 'warehouses', { name: 'Основной' });
  id.goods = await createItem(api, 'products', { name: 'Стул', vat_rate: 'none' });
  id.delivery = await createItem(api, 'products', { name: 'Доставка', kind: 'service', vat_rate: 'none' });
  id.supplier = await createItem(api, 'counterparties', { name: 'ООО «Поставщик»', inn: nextInn(), is_supplier: true });
  id.customer = await createItem(api, 'counterparties', { name: 'ООО «Покупатель»', inn: nextInn(), is_customer: true });
  id.other = await createItem(api, 'counterparties', { name: 'ООО «Другой поставщик»', inn: nextInn(), is_supplier: true });
  id.otherBuy = await createItem(api, 'contracts', { name: 'Закупка у другого', owner_id: id.other, organization: id.fifteen, kind: 'supplier' });
  for (const org of ['six', 'fifteen']) {
    id[`${org}Buy`] = await createItem(api, 'contracts', { name: `Закупка ${org}`, owner_id: id.supplier, organization: id[org], kind: 'supplier' });
    id[`${org}Sell`] = await createItem(api, 'contracts', { name: `Продажа ${org}`, owner_id: id.customer, organization: id[org], kind: 'customer' });
  }
});
afterAll(() => stack?.close());

const paid = (org: string, date: string, amount: number, document?: string) =>
  post('money_in', { date, organization: id[org], counterparty: id.customer, contract: id[`${org}Sell`], amount, allocation: [{ contract: id[`${org}Sell`], amount, ...(document ? { document } : {}) }] });
/** A payment to a supplier: it settles his oldest open receipts, the rest is an advance (60.02). */
const paySupplier = (date: string, amount: number, supplier = id.supplier, contract = id.fifteenBuy) =>
  post('money_out', { date, organization: id.fifteen, counterparty: supplier, contract, amount, allocation: [{ contract, amount }] });
/** Insurance contributions paid: Дт 69.06 Кт 51. */
const contributions = (date: string, amount: number) =>
  postAccounting(api, 'operation', { organization: id.six, date, lines: [{ dt_account: acc['69.06'], dt_subconto1: 'tax', kt_account: acc['51'], kt_subconto1: BANK, amount, content: 'Страховые взносы' }] });

describe('«доходы», 6 %', () => {
  test('КУДиР: the money from customers as it came; contributions are not доходы', async () => {
    await paid('six', '2026-02-10', 1_000_000);
    await contributions('2026-03-20', 40_000);
    await paid('six', '2026-05-15', 2_500_000);
    await contributions('2026-06-20', 100_000);
    const book = await usnReport('usn_book', id.six);
    expect(book.items.map((r) => [r.no, r.date, r.income, r.expense])).toEqual([
      [1, '2026-02-10', 1_000_000, 0],
      [2, '2026-05-15', 2_500_000, 0],
    ]);
    expect(book.totals).toMatchObject({ income: 3_500_000, expense: 0 });
  });

  test('the advances: 6 % less the contributions, at most half; each period from the year’s start', async () => {
    const tax = await usnReport('usn_tax', id.six);
    expect(tax.items.map((r) => [r.period, r.income, r.tax, r.contributions, r.reduction, r.due, r.payable, r.due_date])).toEqual([
      // 10 000,00 × 6 % = 600,00; contributions 400,00 > half (300,00): 300,00 to pay by 28 April.
      ['I квартал', 1_000_000, 60_000, 40_000, 30_000, 30_000, 30_000, '2026-04-28'],
      // 35 000,00 × 6 % = 2 100,00; contributions 1 400,00 > half (1 050,00): 1 050,00 for the half-year, less 300,00 paid.
      ['Полугодие', 3_500_000, 210_000, 140_000, 105_000, 105_000, 75_000, '2026-07-28'],
      ['9 месяцев', 3_500_000, 210_000, 140_000, 105_000, 105_000, 0, '2026-10-28'],
      // 28.03.2027 is a Sunday: the year's tax by Monday 29 March.
      ['Год', 3_500_000, 210_000, 140_000, 105_000, 105_000, 0, '2027-03-29'],
    ]);
  });
});

describe('«доходы минус расходы», 15 %', () => {
  test('КУДиР: расходы matched receipt by receipt — goods once paid and sold, services once paid and received', async () => {
    // R1: 10 chairs × 1 000,00 from the supplier; 3 000,00 paid on it. Another supplier paid 3 000,00 ahead, nothing received from him.
    await post('receipt', { date: '2026-01-15', organization: id.fifteen, warehouse: id.main, counterparty: id.supplier, contract: id.fifteenBuy, goods: [{ product: id.goods, quantity: '10', price: 100_000 }] });
    await paySupplier('2026-02-01', 300_000);
    await paySupplier('2026-02-03', 300_000, id.other, id.otherBuy);
    // 4 chairs sold (cost 4 000,00) for 12 000,00, paid by the customer: of R1 3 000,00 is paid, so 3 000,00 counts —
    // not 4 000,00: the other supplier's advance pays for none of these chairs.
    const s1 = await post('sale', { date: '2026-02-10', organization: id.fifteen, warehouse: id.main, counterparty: id.customer, contract: id.fifteenSell, goods: [{ product: id.goods, quantity: '4', price: 300_000 }] });
    await paid('fifteen', '2026-02-20', 1_200_000, s1.id);
    // R2: delivery 1 500,00 received, not paid: nothing yet.
    await post('receipt', { date: '2026-03-05', organization: id.fifteen, warehouse: id.main, counterparty: id.supplier, contract: id.fifteenBuy, goods: [{ product: id.delivery, quantity: '1', price: 150_000 }] });
    // Q2: 8 500,00 settles R1's 7 000,00 left (1 000,00 more of the 4 sold chairs counts) and R2's 1 500,00 (the delivery counts);
    // then 6 chairs sold (cost 6 000,00), R1 paid in full: 6 000,00.
    await paySupplier('2026-04-10', 850_000);
    await post('sale', { date: '2026-05-10', organization: id.fifteen, warehouse: id.main, counterparty: id.customer, contract: id.fifteenSell, goods: [{ product: id.goods, quantity: '6', price: 300_000 }] });
    const book = await usnReport('usn_book', id.fifteen);
    expect(book.items.map((r) => [r.date, r.income, r.expense])).toEqual([
      ['2026-02-10', 0, 300_000],
      ['2026-02-20', 1_200_000, 0],
      ['2026-04-10', 0, 100_000],
      ['2026-04-10', 0, 150_000],
      ['2026-05-10', 0, 600_000],
    ]);
    // 3 000,00 + 1 000,00 + 1 500,00 + 6 000,00 = 11 500,00; the other supplier's 3 000,00 never.
    expect(book.totals).toMatchObject({ income: 1_200_000, expense: 1_150_000 });
  });

  test('a return to the supplier: the returned goods leave their receipt, so the goods sold are the other receipt’s', async () => {
    // ООО «Возврат»: R_A 10 tables × 1 000,00 (15.01), R_B 10 more (01.02); 5 of R_A go back to the supplier (05.02);
    // the supplier is paid what is owed on each — R_A 5 000,00, R_B 10 000,00 (10.02); 10 tables sold (10.03).
    // The 10 sold are R_A's 5 left and 5 of R_B: 5 000,00 + 5 000,00 = 10 000,00 of расходы, all paid. (Matched to R_A's
    // 10 as if none had gone back, only its 5 000,00 paid would count.)
    const org = await createItem(api, 'organizations', { name: 'ООО «Возврат»', inn: nextInn(), vat_status: 'usn', bik: '044525311', account: BANK });
    expect((await api.post('/api/accounting/catalogs/policies', { name: 'Учётная политика «Возврат»', organization: org, usn_object: 'income_minus_expenses' })).status).toBe(201);
    const buy = await createItem(api, 'contracts', { name: 'Закупка столов', owner_id: id.supplier, organization: org, kind: 'supplier' });
    const sell = await createItem(api, 'contracts', { name: 'Продажа столов', owner_id: id.customer, organization: org, kind: 'customer' });
    const table = await createItem(api, 'products', { name: 'Стол', vat_rate: 'none' });
    const tables = (quantity: string) => [{ product: table, quantity, price: 100_000 }];
    const head = { organization: org, warehouse: id.main, counterparty: id.supplier, contract: buy };
    const ra = await post('receipt', { ...head, date: '2026-01-15', goods: tables('10') });
    const rb = await post('receipt', { ...head, date: '2026-02-01', goods: tables('10') });
    await post('supplier_return', { ...head, date: '2026-02-05', receipt: ra.id, goods: tables('5') });
    await post('money_out', {
      date: '2026-02-10', organization: org, counterparty: id.supplier, contract: buy, amount: 1_500_000,
      allocation: [{ contract: buy, amount: 500_000, document: ra.id }, { contract: buy, amount: 1_000_000, document: rb.id }],
    });
    await post('sale', { date: '2026-03-10', organization: org, warehouse: id.main, counterparty: id.customer, contract: sell, goods: [{ product: table, quantity: '10', price: 200_000 }] });
    const book = await usnReport('usn_book', org);
    expect(book.items.map((r) => [r.date, r.income, r.expense])).toEqual([['2026-03-10', 0, 1_000_000]]);
    expect(book.totals).toMatchObject({ income: 0, expense: 1_000_000 });
  });

  test('a return after the sale: the sold goods matched to the returned receipt move to the other one', async () => {
    // ООО «Возврат-2»: R_A and R_B of 10 shelves each; 10 sold (10.02) — matched to R_A, oldest first; then 5 of R_A go back
    // (15.02): 5 of the shelves sold were R_B's. Each receipt paid what is owed (20.02): R_A 5 000,00, R_B 10 000,00 —
    // 5 000,00 + 5 000,00 = 10 000,00 of расходы on the payment (5 000,00 if the 10 sold stayed matched to R_A).
    const org = await createItem(api, 'organizations', { name: 'ООО «Возврат-2»', inn: nextInn(), vat_status: 'usn', bik: '044525311', account: BANK });
    expect((await api.post('/api/accounting/catalogs/policies', { name: 'Учётная политика «Возврат-2»', organization: org, usn_object: 'income_minus_expenses' })).status).toBe(201);
    const buy = await createItem(api, 'contracts', { name: 'Закупка полок', owner_id: id.supplier, organization: org, kind: 'supplier' });
    const sell = await createItem(api, 'contracts', { name: 'Продажа полок', owner_id: id.customer, organization: org, kind: 'customer' });
    const shelf = await createItem(api, 'products', { name: 'Полка', vat_rate: 'none' });
    const shelves = (quantity: string) => [{ product: shelf, quantity, price: 100_000 }];
    const head = { organization: org, warehouse: id.main, counterparty: id.supplier, contract: buy };
    const ra = await post('receipt', { ...head, date: '2026-01-15', goods: shelves('10') });
    const rb = await post('receipt', { ...head, date: '2026-02-01', goods: shelves('10') });
    await post('sale', { date: '2026-02-10', organization: org, warehouse: id.main, counterparty: id.customer, contract: sell, goods: [{ product: shelf, quantity: '10', price: 200_000 }] });
    await post('supplier_return', { ...head, date: '2026-02-15', receipt: ra.id, goods: shelves('5') });
    await post('money_out', {
      date: '2026-02-20', organization: org, counterparty: id.supplier, contract: buy, amount: 1_500_000,
      allocation: [{ contract: buy, amount: 500_000, document: ra.id }, { contract: buy, amount: 1_000_000, document: rb.id }],
    });
    const book = await usnReport('usn_book', org);
    // One row per receipt paid: R_A's 5 000,00 (its 5 kept tables, sold) and R_B's 5 000,00 (its 5 tables sold).
    expect(book.items.map((r) => [r.date, r.income, r.expense])).toEqual([
      ['2026-02-20', 0, 500_000],
      ['2026-02-20', 0, 500_000],
    ]);
    expect(book.totals).toMatchObject({ expense: 1_000_000 });
  });

  test('the advances: 15 % of доходы − расходы; a smaller base later is to be reduced; the year no less than 1 %', async () => {
    const tax = await usnReport('usn_tax', id.fifteen);
    expect(tax.items.map((r) => [r.period, r.income, r.expense, r.base, r.tax, r.minimum, r.due, r.payable])).toEqual([
      // (12 000,00 − 3 000,00) × 15 % = 1 350,00.
      ['I квартал', 1_200_000, 300_000, 900_000, 135_000, 0, 135_000, 135_000],
      // (12 000,00 − 11 500,00) × 15 % = 75,00: 1 275,00 less than paid.
      ['Полугодие', 1_200_000, 1_150_000, 50_000, 7_500, 0, 7_500, -127_500],
      ['9 месяцев', 1_200_000, 1_150_000, 50_000, 7_500, 0, 7_500, 0],
      // Minimum tax 12 000,00 × 1 % = 120,00 > 75,00: the year's tax is 120,00, 45,00 more than the advances.
      ['Год', 1_200_000, 1_150_000, 50_000, 7_500, 12_000, 12_000, 4_500],
    ]);
  });

  test('the minimum tax when расходы eat the доходы: 1 % of 10 000,00 = 100,00 instead of 15,00', () => {
    const q = { income: 1_000_000, expense: 990_000, contributions: 0 };
    const year = usnTax('income_minus_expenses', 2026, [q, q, q, q])[3];
    // (10 000,00 − 9 900,00) × 15 % = 15,00; 1 % of 10 000,00 = 100,00.
    expect(year).toMatchObject({ tax: 1_500, minimum: 10_000, due: 10_000, payable: 8_500 });
    // 12,345 ₽ × … in full rubles: 6 % of 205,75 = 12,345 → 12,00; of 208,40 = 12,504 → 13,00.
    expect(usnTax('income', 2026, [{ income: 20_575, expense: 0, contributions: 0 }])[0].due).toBe(1_200);
    expect(usnTax('income', 2026, [{ income: 20_840, expense: 0, contributions: 0 }])[0].due).toBe(1_300);
  });

  test('an organization on the general system has no КУДиР: 422 naming where to change it', async () => {
    const res = await api.get(`/api/accounting/reports/usn_book?organization=${id.osno}&year=2026`);
    expect(res.status).toBe(422);
    expect(res.body.detail).toContain('ООО «Общая» применяет общую систему налогообложения');
  });
});
