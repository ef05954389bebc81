import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { printInvoiceForPayment, printPartiesOf, printSale } from '../../src/modules/trade/print-forms';
import { client, nextInn, type TestStack } from '../support/stack';
import { createItem, postDocument, startTradeCompany } from './support';

/**
 * A business month of one trading company through the HTTP API, March 2026, VAT 22 %.
 * Every expected number is worked out by hand in the comments next to the step that causes it.
 * Money is in kopecks.
 */
let stack: TestStack;
let api: ReturnType<typeof client>;
let adminToken: string;
const id: Record<string, string> = {};
const docs: Record<string, any> = {};

const post = (code: string, body: Record<string, unknown>) => postDocument(api, code, body);
const create = (catalog: string, body: Record<string, unknown>) => createItem(api, catalog, body);
const report = async (code: string, params: Record<string, string>) => {
  const res = await api.get(`/api/trade/reports/${code}?${new URLSearchParams(params)}`);
  if (res.status !== 200) throw new Error(`${code}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};
const stockOf = async (warehouse: string, product: string, date = '2026-03-31') =>
  (await api.get(`/api/trade/registers/stock/balance?date=${date}&warehouse=${warehouse}&product=${product}`)).body.items[0]?.quantity ?? '0';

beforeAll(async () => {
  const t = await startTradeCompany('trade-month', { name: 'Торговый дом', adminEmail: 'admin@td.ru' });
  stack = t.stack;
  adminToken = t.tenant.adminToken;
  api = t.api;

  id.org = await create('organizations', {
    name: 'ООО «Торговый дом»',
    inn: '7707083893',
    kpp: '770701001',
    bik: '044525311',
    account: '40702810300180001774',
    address: 'г. Москва, ул. Тверская, д. 1',
    head: 'Иванов И. И.',
  });
  id.main = await create('warehouses', { name: 'Основной' });
  id.shop = await create('warehouses', { name: 'Магазин' });
  id.kettle = await create('products', { name: 'Чайник', article: 'KT-1', min_stock: '10' });
  id.iron = await create('products', { name: 'Утюг', article: 'IR-1' });
  id.customer = await create('counterparties', { name: 'ООО «Покупатель»', inn: nextInn(), is_customer: true, legal_address: 'г. Тверь' });
  id.supplier = await create('counterparties', { name: 'ООО «Поставщик»', inn: nextInn(), is_supplier: true });
  id.saleContract = await create('contracts', { name: 'Договор поставки 1', owner_id: id.customer, organization: id.org, kind: 'customer', contract_number: '1', contract_date: '2026-01-10' });
  id.buyContract = await create('contracts', { name: 'Договор закупки 7', owner_id: id.supplier, organization: id.org, kind: 'supplier' });
  id.retail = await create('price_types', { name: 'Розничная' });
});
afterAll(() => stack?.close());

const lookup = async (catalog: string, itemId: string) => (await api.get(`/api/trade/catalogs/${catalog}/${itemId}`)).body;

/** The text of a PDF as a reader sees it (poppler's pdftotext), whitespace collapsed. */
function pdfText(pdf: Buffer): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'trade-print-')), 'form.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/gu, ' ');
}

const header = (extra: Record<string, unknown>) => ({ organization: id.org, warehouse: id.main, ...extra });

describe('a month of trade', () => {
  test('prices are set', async () => {
    const doc = await post('price_setting', { date: '2026-03-01', price_type: id.retail, prices: [{ product: id.kettle, price: 305000 }, { product: id.iron, price: 400000 }] });
    expect(doc.status).toBe('posted');
  });

  test('goods are bought: prices without VAT, 22 % on top; cost is the amount without VAT', async () => {
    // R1: kettle 10 × 1 000,00 = 10 000,00 + VAT 2 200,00 = 12 200,00; iron 5 × 2 000,00 = 10 000,00 + 2 200,00 = 12 200,00.
    docs.r1 = await post('receipt', header({ date: '2026-03-02', counterparty: id.supplier, contract: id.buyContract, price_includes_vat: false, goods: [
      { product: id.kettle, quantity: '10', price: 100000 },
      { product: id.iron, quantity: '5', price: 200000 },
    ] }));
    expect(docs.r1).toMatchObject({ number: 'ПТУ-000001', amount: 2000000, vat: 440000, total: 2440000 });
    expect(docs.r1.goods[0]).toMatchObject({ vat_rate: 'vat22', amount: 1000000, vat: 220000, total: 1220000 });
    // R2: kettle 5 × 1 300,00 = 6 500,00 + 1 430,00 = 7 930,00. Kettle cost now 15 pcs for 16 500,00 (1 100,00 average).
    docs.r2 = await post('receipt', header({ date: '2026-03-05', counterparty: id.supplier, contract: id.buyContract, price_includes_vat: false, goods: [{ product: id.kettle, quantity: '5', price: 130000 }] }));
    expect(docs.r2.total).toBe(793000);
    expect(await stockOf(id.main, id.kettle)).toBe('15.000');
  });

  test('goods are sold at prices with VAT; a customer pays part; some goods come back', async () => {
    // S1: kettle 6 × 3 050,00 = 18 300,00 incl. VAT 18 300·22/122 = 3 300,00; iron 2 × 4 000,00 = 8 000,00 incl. VAT 8 000·22/122 = 1 442,62(2…).
    docs.s1 = await post('sale', header({ date: '2026-03-10', counterparty: id.customer, contract: id.saleContract, due_date: '2026-03-15', goods: [
      { product: id.kettle, quantity: '6', price: 305000 },
      { product: id.iron, quantity: '2', price: 400000 },
    ] }));
    expect(docs.s1.goods.map((l: any) => [l.amount, l.vat, l.total])).toEqual([
      [1500000, 330000, 1830000],
      [655738, 144262, 800000],
    ]);
    expect(docs.s1).toMatchObject({ number: 'РТУ-000001', amount: 2155738, vat: 474262, total: 2630000 });
    // 20 000,00 paid without naming the sale: it settles the oldest debt, S1 (26 300,00 → 6 300,00).
    await post('money_in', { date: '2026-03-11', organization: id.org, counterparty: id.customer, amount: 2000000, purpose: 'Оплата по договору 1' });
    // CR1: one kettle back, 3 050,00 incl. VAT 550,00; it returns at the sale's cost, 6 600,00 / 6 = 1 100,00. S1 debt 6 300,00 − 3 050,00 = 3 250,00.
    docs.cr1 = await post('customer_return', header({ date: '2026-03-12', counterparty: id.customer, contract: id.saleContract, sale: docs.s1.id, goods: [{ product: id.kettle, quantity: '1', price: 305000 }] }));
    expect(docs.cr1).toMatchObject({ amount: 250000, vat: 55000, total: 305000 });
    // Kettles: 15 − 6 + 1 = 10 in stock, cost 16 500,00 − 6 600,00 + 1 100,00 = 11 000,00.
    expect(await stockOf(id.main, id.kettle)).toBe('10.000');
  });

  test('goods are moved to the shop and sold there', async () => {
    await post('transfer', { date: '2026-03-15', organization: id.org, from_warehouse: id.main, to_warehouse: id.shop, goods: [{ product: id.kettle, quantity: '3' }] });
    // S2: kettle 3 × 3 050,00 = 9 150,00 incl. VAT 1 650,00; cost at the average 11 000,00 / 10 = 1 100,00 → 3 300,00 (7 kettles left for 7 700,00).
    docs.s2 = await post('sale', { date: '2026-03-20', organization: id.org, warehouse: id.shop, counterparty: id.customer, contract: id.saleContract, due_date: '2026-04-10', goods: [{ product: id.kettle, quantity: '3', price: 305000 }] });
    expect(docs.s2.total).toBe(915000);
    expect(await stockOf(id.main, id.kettle)).toBe('7.000');
    expect(await stockOf(id.shop, id.kettle)).toBe('0.000');
  });

  test('we pay the supplier part of the debt', async () => {
    // 15 000,00 to the supplier settles the oldest receipt R1 (24 400,00 → 9 400,00); R2 7 930,00 stays open.
    await post('money_out', { date: '2026-03-26', organization: id.org, counterparty: id.supplier, amount: 1500000 });
  });

  test('stocktaking: one kettle is missing, one iron found', async () => {
    // Book: kettles 7 at Основной, irons 5 − 2 = 3. Counted: 6 kettles (shortage 1, written off at 7 700,00 / 7 = 1 100,00),
    // 4 irons (surplus 1, valued at the line's price 900,00).
    const inv = await post('inventory', { date: '2026-03-25', organization: id.org, warehouse: id.main, goods: [
      { product: id.kettle, quantity: '6' },
      { product: id.iron, quantity: '4', price: 90000 },
    ] });
    expect(inv.goods.map((l: any) => [l.book_quantity, l.difference])).toEqual([['7.000', '-1.000'], ['3.000', '1.000']]);
  });

  test('the reports agree with the hand-computed month', async () => {
    const balance = await report('stock_balance', { date: '2026-03-31', organization: id.org });
    expect(balance.items).toEqual([
      // Kettles: 6 < min_stock 10.
      { warehouse_name: 'Основной', product_name: 'Утюг', article: 'IR-1', unit: 'шт', quantity: '4.000', below_min: false },
      { warehouse_name: 'Основной', product_name: 'Чайник', article: 'KT-1', unit: 'шт', quantity: '6.000', below_min: true },
    ]);

    const statement = await report('stock_statement', { from: '2026-03-01', to: '2026-03-31', organization: id.org });
    expect(statement.items).toEqual([
      // Kettles at Основной: in 10 + 5 + 1 (return) = 16; out 6 (S1) + 3 (transfer) + 1 (shortage) = 10.
      { warehouse_name: 'Магазин', product_name: 'Чайник', opening: '0', receipt: '3.000', expense: '3.000', closing: '0' },
      { warehouse_name: 'Основной', product_name: 'Утюг', opening: '0', receipt: '6.000', expense: '2.000', closing: '4' },
      { warehouse_name: 'Основной', product_name: 'Чайник', opening: '0', receipt: '16.000', expense: '10.000', closing: '6' },
    ]);

    // Kettles: 6 − 1 + 3 = 8 sold; revenue 15 000,00 − 2 500,00 + 7 500,00 = 20 000,00; cost 6 600,00 − 1 100,00 + 3 300,00 = 8 800,00;
    // margin 11 200,00; VAT 3 300,00 − 550,00 + 1 650,00 = 4 400,00. Irons: 2 sold, revenue 6 557,38, cost 2 × 2 000,00, margin 2 557,38.
    const sales = await report('sales_analysis', { from: '2026-03-01', to: '2026-03-31', organization: id.org });
    expect(sales.items.map(({ manager_name: _m, ...r }: any) => r)).toEqual([
      { counterparty_name: 'ООО «Покупатель»', product_name: 'Утюг', quantity: '2.000', revenue: 655738, vat: 144262, cost: 400000, margin: 255738 },
      { counterparty_name: 'ООО «Покупатель»', product_name: 'Чайник', quantity: '8.000', revenue: 2000000, vat: 440000, cost: 880000, margin: 1120000 },
    ]);
    expect(sales.totals).toMatchObject({ revenue: 2655738, cost: 1280000, margin: 1375738 });

    // Customer: S1 3 250,00 (due 15.03, overdue) + S2 9 150,00 (due 10.04) = 12 400,00.
    // Supplier: R1 9 400,00 + R2 7 930,00 = 17 330,00 we owe.
    const debts = await report('debts', { date: '2026-03-31', organization: id.org });
    expect(debts.items).toEqual([
      { counterparty_name: 'ООО «Покупатель»', receivable: 1240000, payable: 0, overdue: 325000 },
      { counterparty_name: 'ООО «Поставщик»', receivable: 0, payable: 1733000, overdue: 0 },
    ]);
    // On 14.03 nothing is overdue yet.
    expect((await report('debts', { date: '2026-03-14', organization: id.org })).totals.overdue).toBe(0);

    // Bank: in 20 000,00, out 15 000,00.
    const money = await report('money_flow', { from: '2026-03-01', to: '2026-03-31', organization: id.org });
    expect(money.items).toEqual([{ account: '40702810300180001774', opening: 0, receipt: 2000000, expense: 1500000, closing: 500000 }]);
  });

  test('cost left on the books: 6 kettles for 6 600,00, 4 irons for 6 000,00 + 900,00', async () => {
    const cost = (await api.get(`/api/trade/registers/cost/balance?date=2026-03-31&organization=${id.org}`)).body.items;
    const byProduct = Object.fromEntries(cost.map((r: any) => [r.product, [r.quantity, r.amount]]));
    expect(byProduct).toEqual({ [id.kettle]: ['6.000', '660000'], [id.iron]: ['4.000', '690000'] });
  });

  test('a posted sale prints as a УПД with its number and total', async () => {
    const sale = (await api.get(`/api/trade/documents/sale/${docs.s1.id}`)).body;
    const parties = await printPartiesOf(sale, lookup);
    const pdf = await printSale(sale, parties);
    const text = pdfText(pdf);
    expect(text).toContain('Счет-фактура № РТУ-000001 от 10.03.2026');
    expect(text).toContain('26 300,00');
    expect(text).toContain('Договор № 1 от 10.01.2026');

    // A Счёт на оплату from a draft invoice, with the organization's bank details.
    const invoice = (await api.post('/api/trade/documents/invoice_for_payment', { organization: id.org, counterparty: id.customer, contract: id.saleContract, date: '2026-03-31', goods: [{ product: id.kettle, quantity: '2', price: 305000 }] })).body;
    const invoiceText = pdfText(await printInvoiceForPayment(invoice, await printPartiesOf(invoice, lookup)));
    expect(invoiceText).toContain(`Счёт на оплату № ${invoice.number} от 31.03.2026`);
    expect(invoiceText).toContain('40702810300180001774');
    expect(invoiceText).toContain('6 100,00');
  });
});

describe('print forms over HTTP', () => {
  test('the sale’s УПД, ТОРГ-12 and Счёт download as PDF from the document’s print route', async () => {
    for (const [form, expected] of [
      ['upd', 'Счет-фактура № РТУ-000001 от 10.03.2026'],
      ['torg12', 'ТОВАРНАЯ НАКЛАДНАЯ'],
      ['invoice', 'Счёт на оплату № РТУ-000001 от 10.03.2026'],
      ['act', 'Акт № РТУ-000001 от 10.03.2026'],
    ] as const) {
      const res = await fetch(`${stack.url}/api/trade/documents/sale/${docs.s1.id}/print/${form}`, { headers: { authorization: `Bearer ${adminToken}` } });
      expect(res.status, form).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(pdfText(Buffer.from(await res.arrayBuffer()))).toContain(expected);
    }
    const meta = (await api.get('/api/trade/meta')).body;
    expect(meta.documents.find((d: any) => d.code === 'sale').printForms.map((f: any) => f.code)).toEqual(['upd', 'upd_xml', 'torg12', 'invoice', 'act']);
  });
});

describe('after the month', () => {
  test('an iron goes back to the supplier at the average cost; our debt on R1 goes down', async () => {
    // 1 × 2 000,00 + 22 % = 2 440,00. Cost: 4 irons for 6 900,00 → 1 at 1 725,00, leaving 3 for 5 175,00.
    await post('supplier_return', header({ date: '2026-04-02', counterparty: id.supplier, contract: id.buyContract, receipt: docs.r1.id, price_includes_vat: false, goods: [{ product: id.iron, quantity: '1', price: 200000 }] }));
    expect(await stockOf(id.main, id.iron, '2026-04-30')).toBe('3.000');
    const cost = (await api.get(`/api/trade/registers/cost/balance?date=2026-04-30&organization=${id.org}&product=${id.iron}`)).body.items[0];
    expect(cost).toMatchObject({ quantity: '3.000', amount: '517500' });
    // We owe 17 330,00 − 2 440,00 = 14 890,00.
    const debts = await report('debts', { date: '2026-04-30', organization: id.org });
    expect(debts.items.find((r: any) => r.counterparty_name === 'ООО «Поставщик»')).toMatchObject({ payable: 1489000 });
  });

  test('cash paid for a named sale settles that sale, not the oldest one', async () => {
    const desk = await create('cash_desks', { name: 'Касса магазина', organization: id.org });
    // 9 150,00 in cash for S2; S1's 3 250,00 stays open and overdue.
    await post('money_in', { date: '2026-04-03', organization: id.org, kind: 'cash', cash_desk: desk, counterparty: id.customer, amount: 915000, allocation: [{ document: docs.s2.id, amount: 915000 }] });
    const debts = await report('debts', { date: '2026-04-30', organization: id.org });
    expect(debts.items.find((r: any) => r.counterparty_name === 'ООО «Покупатель»')).toEqual({ counterparty_name: 'ООО «Покупатель»', receivable: 325000, payable: 0, overdue: 325000 });
    const money = await report('money_flow', { from: '2026-04-01', to: '2026-04-30', organization: id.org });
    expect(money.items).toEqual([
      { account: '40702810300180001774', opening: 500000, receipt: 0, expense: 0, closing: 500000 },
      { account: 'Касса магазина', opening: 0, receipt: 915000, expense: 0, closing: 915000 },
    ]);
  });
  test('a customer who paid ahead owes nothing after the sale: the advance is offset, nothing is overdue', async () => {
    const cp = await create('counterparties', { name: 'ООО «Аванс»', inn: nextInn() });
    const contract = await create('contracts', { name: 'Договор 2', owner_id: cp, organization: id.org });
    // 5 000,00 in advance; then a kettle for 3 050,00 due the same day: 1 950,00 of the advance is left, which we owe back.
    await post('money_in', { date: '2026-04-04', organization: id.org, counterparty: cp, contract, amount: 500000 });
    await post('sale', header({ date: '2026-04-05', counterparty: cp, contract, due_date: '2026-04-05', goods: [{ product: id.kettle, quantity: '1', price: 305000 }] }));
    const debts = await report('debts', { date: '2026-04-30', organization: id.org });
    expect(debts.items.find((r: any) => r.counterparty_name === 'ООО «Аванс»')).toEqual({ counterparty_name: 'ООО «Аванс»', receivable: 0, payable: 195000, overdue: 0 });
  });

  test('a sale cannot be returned beyond what is left of it', async () => {
    // S1 sold 6 kettles, 1 came back: at most 5 more.
    const res = await api.post('/api/trade/documents/customer_return?post=true', header({ date: '2026-04-06', counterparty: id.customer, contract: id.saleContract, sale: docs.s1.id, goods: [{ product: id.kettle, quantity: '6', price: 305000 }] }));
    expect(res.status).toBe(422);
    expect(res.body.detail).toBe('«Чайник»: возвращается 6, а по реализации можно вернуть не больше 5.');
  });
});


describe('stock control', () => {
  test('overselling is refused with the product and the shortfall, unless the organization allows negative stock', async () => {
    const sale = { ...header({ date: '2026-03-31', counterparty: id.customer, contract: id.saleContract }), goods: [{ product: id.iron, quantity: '5', price: 400000 }] };
    const refused = await api.post('/api/trade/documents/sale?post=true', sale);
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toBe('Недостаточно товара: организация «ООО «Торговый дом»», склад «Основной», товар «Утюг» — не хватает 1.');
    expect(await stockOf(id.main, id.iron)).toBe('4.000');

    await api.patch(`/api/trade/catalogs/organizations/${id.org}`, { allow_negative_stock: true });
    const allowed = await api.post('/api/trade/documents/sale?post=true', sale);
    expect(allowed.status).toBe(201);
    expect(await stockOf(id.main, id.iron)).toBe('-1.000');
    // Undo, so the month above stays as computed.
    expect((await api.post(`/api/trade/documents/sale/${allowed.body.id}/cancel`)).status).toBe(200);
    await api.patch(`/api/trade/catalogs/organizations/${id.org}`, { allow_negative_stock: false });
    expect(await stockOf(id.main, id.iron)).toBe('4.000');
  });

  test('concurrent sales of the last unit: exactly one succeeds', async () => {
    const last = await create('products', { name: 'Последний самовар' });
    await post('receipt', header({ date: '2026-03-20', counterparty: id.supplier, contract: id.buyContract, goods: [{ product: last, quantity: '1', price: 500000 }] }));
    const drafts = await Promise.all([1, 2, 3, 4].map(() => api.post('/api/trade/documents/sale', header({ date: '2026-03-21', counterparty: id.customer, contract: id.saleContract, goods: [{ product: last, quantity: '1', price: 900000 }] }))));
    const results = await Promise.all(drafts.map((d) => api.post(`/api/trade/documents/sale/${d.body.id}/post`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 422, 422, 422]);
    expect(await stockOf(id.main, last)).toBe('0.000');
  });

  test('a customer order reserves free stock only, and its sale releases the reserve', async () => {
    // 4 irons on hand: an order of 3 is reserved, a second order of 2 finds only 1 free.
    const order = await post('customer_order', header({ date: '2026-03-31', counterparty: id.customer, contract: id.saleContract, goods: [{ product: id.iron, quantity: '3', price: 400000 }] }));
    const second = await api.post('/api/trade/documents/customer_order?post=true', header({ date: '2026-03-31', counterparty: id.customer, contract: id.saleContract, goods: [{ product: id.iron, quantity: '2', price: 400000 }] }));
    expect(second.status).toBe(422);
    expect(second.body.detail).toBe('Нельзя зарезервировать «Утюг»: заказано 2, свободно 1.');
    const reserved = async () => (await api.get(`/api/trade/registers/reserves/balance?date=2026-04-30&customer_order=${order.id}`)).body.items[0]?.quantity ?? '0';
    expect(await reserved()).toBe('3.000');
    // Without the order, only the one free iron can be sold.
    const other = await api.post('/api/trade/documents/sale?post=true', header({ date: '2026-03-31', counterparty: id.customer, contract: id.saleContract, goods: [{ product: id.iron, quantity: '2', price: 400000 }] }));
    expect(other.status).toBe(422);
    expect(other.body.detail).toBe('«Утюг»: продаётся 2, а свободно 1 — на складе 4, из них 3 в резерве по другим заказам.');
    const sale = await post('sale', header({ date: '2026-04-01', counterparty: id.customer, contract: id.saleContract, customer_order: order.id, goods: [{ product: id.iron, quantity: '2', price: 400000 }] }));
    expect(await reserved()).toBe('1.000');
    await api.post(`/api/trade/documents/sale/${sale.id}/cancel`);
    expect(await reserved()).toBe('3.000');
  });
});

describe('FIFO cost', () => {
  test('an organization on FIFO sells the oldest batch first', async () => {
    const fifo = await create('organizations', { name: 'ИП Петров', inn: '500100732259', cost_method: 'fifo', vat_status: 'usn' });
    const cp = await create('counterparties', { name: 'ООО «Опт»', inn: nextInn() });
    const contract = await create('contracts', { name: 'Основной договор', owner_id: cp });
    // Bought from the same company under its supply contract: a receipt takes a contract «с поставщиком» only.
    const supply = await create('contracts', { name: 'Договор поставки', owner_id: cp, kind: 'supplier' });
    const cup = await create('products', { name: 'Кружка', vat_rate: 'none' });
    const buy = (date: string, qty: string, price: number) =>
      post('receipt', { date, organization: fifo, warehouse: id.main, counterparty: cp, contract: supply, goods: [{ product: cup, quantity: qty, price, vat_rate: 'none' }] });
    // On УСН the whole price is cost: batch 1 — 2 × 100,00; batch 2, the same day but entered later — 2 × 130,00.
    await buy('2026-03-02', '2', 10000);
    await buy('2026-03-02', '2', 13000);
    // 3 cups: 2 from batch 1 (200,00) + 1 from batch 2 (130,00) = 330,00; revenue 3 × 250,00 = 750,00, margin 420,00.
    await post('sale', { date: '2026-03-10', organization: fifo, warehouse: id.main, counterparty: cp, contract, goods: [{ product: cup, quantity: '3', price: 25000, vat_rate: 'none' }] });
    const sales = await report('sales_analysis', { from: '2026-03-01', to: '2026-03-31', organization: fifo });
    expect(sales.items.map(({ manager_name: _m, ...r }: any) => r)).toEqual([{ counterparty_name: 'ООО «Опт»', product_name: 'Кружка', quantity: '3.000', revenue: 75000, vat: 0, cost: 33000, margin: 42000 }]);
    const left = (await api.get(`/api/trade/registers/cost/balance?date=2026-03-31&organization=${fifo}`)).body.items.filter((r: any) => r.quantity !== '0.000');
    expect(left).toEqual([expect.objectContaining({ quantity: '1.000', amount: '13000' })]);
  });
});
