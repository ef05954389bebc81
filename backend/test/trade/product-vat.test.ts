import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { client, nextInn, type TestStack } from '../support/stack';
import { createItem, startTradeCompany } from './support';

/**
 * The rate of a goods line comes from the product card («Ставка НДС» of the номенклатура) when the line
 * has none: 10 %, 0 %, «Без НДС» as on the card; the card's «общая ставка» (and a literal 20 % / 22 %) is the
 * general rate of the document's date. An explicit line rate wins; УСН keeps its own rules.
 */
let stack: TestStack;
let api: ReturnType<typeof client>;
const p: Record<string, string> = {};
let base: Record<string, string>;
let purchase: Record<string, string>;
let usnOrg: string;

beforeAll(async () => {
  const t = await startTradeCompany('trade-product-vat', { name: 'НДС карточки', adminEmail: 'admin@product-vat.ru' });
  stack = t.stack;
  api = t.api;
  const mk = (catalog: string, body: Record<string, unknown>) => createItem(api, catalog, body);
  const organization = await mk('organizations', { name: 'ООО «Общая»', inn: '7707083893', allow_negative_stock: true });
  usnOrg = await mk('organizations', { name: 'ООО «Упрощёнка»', inn: '7728168971', vat_status: 'usn', allow_negative_stock: true });
  const counterparty = await mk('counterparties', { name: 'Клиент', inn: nextInn(), is_customer: true });
  const supplier = await mk('counterparties', { name: 'Поставщик', inn: nextInn(), is_supplier: true });
  const warehouse = await mk('warehouses', { name: 'Склад' });
  base = { organization, warehouse, counterparty, contract: await mk('contracts', { name: 'Договор', owner_id: counterparty }) };
  purchase = { organization, warehouse, counterparty: supplier, contract: await mk('contracts', { name: 'Поставка', owner_id: supplier, kind: 'supplier' }) };
  p.kids = await mk('products', { name: 'Детская куртка', vat_rate: 'vat10' });
  p.general = await mk('products', { name: 'Чайник' }); // the card's default: «общая ставка»
  p.zero = await mk('products', { name: 'На экспорт', vat_rate: 'vat0' });
  p.exempt = await mk('products', { name: 'Медизделие', vat_rate: 'none' });
  p.literal20 = await mk('products', { name: 'Карточка из 2025 года', vat_rate: 'vat20' });
});
afterAll(() => stack?.close());

const sale = (date: string, goods: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({ ...base, date, price_includes_vat: true, goods, ...extra });
const rows = (doc: any) => doc.goods.map((l: any) => [l.vat_rate, l.amount, l.vat, l.total]);

describe('the VAT rate of a line comes from the product card (ОСНО)', () => {
  // 10 %: 1 × 10,00 with VAT: 10,00 × 10/110 = 0,909… → 0,91, without VAT 9,09.
  // General in 2026: 3 × 33,33 = 99,99 with VAT: 99,99 × 22/122 = 18,0309… → 18,03, without VAT 81,96.
  // Totals: without VAT 9,09 + 81,96 = 91,05; VAT 0,91 + 18,03 = 18,94; with VAT 109,99.
  const lines = () => [{ product: p.kids, quantity: '1', price: 1000 }, { product: p.general, quantity: '3', price: 3333 }];
  const expected = [
    ['vat10', 909, 91, 1000],
    ['vat22', 8196, 1803, 9999],
  ];

  test('a 2026 sale, prices including VAT: 10/110 and 22/122 per line, rounded per line; posted with those VATs', async () => {
    const res = await api.post('/api/trade/documents/sale?post=true', sale('2026-03-10', lines()));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(rows(res.body)).toEqual(expected);
    expect(res.body).toMatchObject({ status: 'posted', amount: 9105, vat: 1894, total: 10999 });
    const report = (await api.get(`/api/trade/reports/sales_analysis?from=2026-03-01&to=2026-03-31&organization=${base.organization}`)).body;
    expect(report.totals).toMatchObject({ revenue: 9105, vat: 1894 });
  });

  test('the form’s live compute shows the same rates', async () => {
    const res = await api.post('/api/trade/documents/sale/compute', sale('2026-03-10', lines()));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(rows(res.body)).toEqual(expected);
    expect(res.body).toMatchObject({ amount: 9105, vat: 1894, total: 10999 });
  });

  test('a 0 % product: VAT 0; a «Без НДС» product: «Без НДС» (invoice, customer order)', async () => {
    const goods = [{ product: p.zero, quantity: '2', price: 5000 }, { product: p.exempt, quantity: '1', price: 700 }];
    const { warehouse: _, ...header } = sale('2026-03-10', goods); // an invoice has no warehouse
    const invoice = await api.post('/api/trade/documents/invoice_for_payment', header);
    expect(invoice.status, JSON.stringify(invoice.body)).toBe(201);
    expect(rows(invoice.body)).toEqual([
      ['vat0', 10000, 0, 10000],
      ['none', 700, 0, 700],
    ]);
    const order = await api.post('/api/trade/documents/customer_order', sale('2026-03-10', goods));
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    expect(order.body.goods.map((l: any) => l.vat_rate)).toEqual(['vat0', 'none']);
  });

  test('an explicit line rate wins over the card', async () => {
    // 10,00 with VAT at 22 %: 10,00 × 22/122 = 1,803… → 1,80.
    const res = await api.post('/api/trade/documents/sale', sale('2026-03-10', [{ product: p.kids, quantity: '1', price: 1000, vat_rate: 'vat22' }]));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(rows(res.body)).toEqual([['vat22', 820, 180, 1000]]);
  });

  test('the general rate follows the date: 20 % in 2025; a card saying «20 %» literally means the general rate', async () => {
    // 120,00 with VAT at 20 %: VAT 20,00; at 22 % in 2026: 120,00 × 22/122 = 21,639… → 21,64.
    const y2025 = await api.post('/api/trade/documents/sale', sale('2025-12-31', [{ product: p.general, quantity: '1', price: 12000 }, { product: p.literal20, quantity: '1', price: 12000 }]));
    expect(y2025.status, JSON.stringify(y2025.body)).toBe(201);
    expect(rows(y2025.body)).toEqual([
      ['vat20', 10000, 2000, 12000],
      ['vat20', 10000, 2000, 12000],
    ]);
    const y2026 = await api.post('/api/trade/documents/sale', sale('2026-01-01', [{ product: p.literal20, quantity: '1', price: 12000 }]));
    expect(y2026.status, JSON.stringify(y2026.body)).toBe(201);
    expect(rows(y2026.body)).toEqual([['vat22', 9836, 2164, 12000]]);
  });

  test('a line saved later without a rate gets the card’s rate too', async () => {
    const draft = await api.post('/api/trade/documents/sale', sale('2026-03-10', [{ product: p.general, quantity: '1', price: 1000 }]));
    const res = await api.patch(`/api/trade/documents/sale/${draft.body.id}`, { goods: [{ product: p.kids, quantity: '1', price: 1000 }] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(rows(res.body)).toEqual([['vat10', 909, 91, 1000]]);
  });

  test('УСН keeps its rules: a 10 % product is sold «Без НДС»', async () => {
    const res = await api.post('/api/trade/documents/sale', sale('2026-03-10', [{ product: p.kids, quantity: '1', price: 1000 }], { organization: usnOrg }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(rows(res.body)).toEqual([['none', 1000, 0, 1000]]);
  });
});

describe('incoming documents: the supplier’s rate defaults to the card’s', () => {
  test('a receipt of a 10 % product: 10 % VAT; on ОСНО the cost is without VAT', async () => {
    const body = { ...purchase, date: '2026-02-01', price_includes_vat: false, goods: [{ product: p.kids, quantity: '3', price: 3333 }] };
    // 3 × 33,33 = 99,99 without VAT; 10 % = 9,999 → 10,00; total 109,99.
    const computed = await api.post('/api/trade/documents/receipt/compute', body);
    expect(computed.status, JSON.stringify(computed.body)).toBe(200);
    expect(rows(computed.body)).toEqual([['vat10', 9999, 1000, 10999]]);
    const res = await api.post('/api/trade/documents/receipt?post=true', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ status: 'posted', amount: 9999, vat: 1000, total: 10999 });
    expect(rows(res.body)).toEqual([['vat10', 9999, 1000, 10999]]);
    const cost = (await api.get(`/api/trade/registers/cost/balance?date=2026-02-01&organization=${base.organization}&product=${p.kids}`)).body.items[0];
    expect(cost).toMatchObject({ quantity: '3.000', amount: '9999' });
  });

  test('the supplier’s rate stays editable: 22 % on the receipt of a 10 % product', async () => {
    const res = await api.post('/api/trade/documents/receipt', { ...purchase, date: '2026-02-01', price_includes_vat: false, goods: [{ product: p.kids, quantity: '1', price: 10000, vat_rate: 'vat22' }] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(rows(res.body)).toEqual([['vat22', 10000, 2200, 12200]]);
  });
});
