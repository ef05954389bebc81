import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { client, nextInn, type TestStack } from '../support/stack';
import { createItem, startTradeCompany } from './support';

/** VAT of goods lines as the API computes it on save: rate by the document's date, per-line rounding (kopecks). */
let stack: TestStack;
let api: ReturnType<typeof client>;
let base: Record<string, string>;
let product: string;

beforeAll(async () => {
  const t = await startTradeCompany('trade-vat', { name: 'НДС', adminEmail: 'admin@vat.ru' });
  stack = t.stack;
  api = t.api;
  const mk = (catalog: string, body: Record<string, unknown>) => createItem(api, catalog, body);
  const organization = await mk('organizations', { name: 'ООО «НДС»', inn: '7707083893' });
  const counterparty = await mk('counterparties', { name: 'ООО «Клиент»', inn: nextInn() });
  base = { organization, counterparty, contract: await mk('contracts', { name: 'Основной договор', owner_id: counterparty }) };
  product = await mk('products', { name: 'Товар' });
});
afterAll(() => stack?.close());

const invoice = (date: string, priceIncludesVat: boolean, goods: Record<string, unknown>[]) =>
  api.post('/api/trade/documents/invoice_for_payment', { ...base, date, price_includes_vat: priceIncludesVat, goods: goods.map((g) => ({ product, ...g })) });

describe('VAT on goods lines', () => {
  test('the general rate follows the date: 22 % in 2026, 20 % on 31.12.2025', async () => {
    // 3 × 33,33 = 99,99 without VAT; 99,99 × 22 % = 21,9978 → 22,00; × 20 % = 19,998 → 20,00.
    const y2026 = (await invoice('2026-01-01', false, [{ quantity: '3', price: 3333 }])).body;
    expect(y2026.goods[0]).toMatchObject({ vat_rate: 'vat22', amount: 9999, vat: 2200, total: 12199 });
    const y2025 = (await invoice('2025-12-31', false, [{ quantity: '3', price: 3333 }])).body;
    expect(y2025.goods[0]).toMatchObject({ vat_rate: 'vat20', amount: 9999, vat: 2000, total: 11999 });
  });

  test('posted on 31.12.2025, a sale carries 20 % into the sales register', async () => {
    const warehouse = (await api.post('/api/trade/catalogs/warehouses', { name: 'Склад' })).body.id;
    const goods = (price: number) => [{ product, quantity: '1', price }];
    // Bought under a supply contract with the same company: a receipt takes only a contract «с поставщиком».
    const bought = await createItem(api, 'contracts', { name: 'Договор закупки', owner_id: base.counterparty, kind: 'supplier' });
    await api.post('/api/trade/documents/receipt?post=true', { ...base, contract: bought, warehouse, date: '2025-12-20', goods: goods(6000) });
    // 120,00 with VAT at 20 %: VAT 20,00, revenue 100,00.
    const sale = await api.post('/api/trade/documents/sale?post=true', { ...base, warehouse, date: '2025-12-31', goods: goods(12000) });
    expect(sale.body).toMatchObject({ status: 'posted', vat: 2000, amount: 10000 });
    const report = (await api.get('/api/trade/reports/sales_analysis?from=2025-12-01&to=2025-12-31')).body;
    expect(report.totals).toMatchObject({ revenue: 10000, vat: 2000, cost: 5000 });
  });

  test('a price including VAT: VAT is carved out of the total at 22/122', async () => {
    // 99,99 with VAT: 99,99 × 22 / 122 = 18,0309… → 18,03; without VAT 81,96.
    const doc = (await invoice('2026-03-10', true, [{ quantity: '3', price: 3333 }])).body;
    expect(doc.goods[0]).toMatchObject({ amount: 8196, vat: 1803, total: 9999 });
    // 10 %: 2,5 × 1,01 = 2,525 → 2,53 (half up); VAT 2,53 × 10 / 110 = 0,23; without VAT 2,30.
    const reduced = (await invoice('2026-03-10', true, [{ quantity: '2.5', price: 101, vat_rate: 'vat10' }])).body;
    expect(reduced.goods[0]).toMatchObject({ amount: 230, vat: 23, total: 253 });
  });

  test('each line is rounded on its own and the document total is the sum of the lines', async () => {
    // Three lines of 0,03 ₽ without VAT: 0,0066 → 0,01 each, so 0,03 of VAT — not 0,09 × 22 % = 0,0198 → 0,02.
    const doc = (await invoice('2026-03-10', false, [1, 2, 3].map(() => ({ quantity: '1', price: 3 })))).body;
    expect(doc.goods.map((l: any) => l.vat)).toEqual([1, 1, 1]);
    expect(doc).toMatchObject({ amount: 9, vat: 3, total: 12 });
  });

  test('a rate not in force on the date is refused with the line and the right rate', async () => {
    const res = await invoice('2025-12-31', false, [{ quantity: '1', price: 100 }, { quantity: '1', price: 100, vat_rate: 'vat22' }]);
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe('Строка 2: ставка НДС 22 % не действует на 31.12.2025 — общая ставка на эту дату 20 %.');
    const old = await invoice('2026-01-01', false, [{ quantity: '1', price: 100, vat_rate: 'vat20' }]);
    expect(old.status).toBe(400);
  });
});

describe('live totals for the form', () => {
  test('compute returns the amounts, VAT and totals saving would store, and stores nothing', async () => {
    const before = (await api.get('/api/trade/documents/invoice_for_payment?limit=1')).body.total;
    const res = await api.post('/api/trade/documents/invoice_for_payment/compute', { ...base, date: '2026-05-05', price_includes_vat: false, goods: [{ product, quantity: '3', price: 3333 }] });
    expect(res.status).toBe(200);
    // 3 × 33,33 = 99,99; VAT 22 % = 21,9978 → 22,00; total 121,99.
    expect(res.body.goods[0]).toMatchObject({ amount: 9999, vat: 2200, total: 12199 });
    expect((await api.get('/api/trade/documents/invoice_for_payment?limit=1')).body.total).toBe(before);
    const bad = await api.post('/api/trade/documents/invoice_for_payment/compute', { ...base, goods: [{ product, quantity: 'три', price: 1 }] });
    expect(bad.status).toBe(400);
    // A form half filled in: no organization yet, the second line has no price — the first line is computed.
    const draft = await api.post('/api/trade/documents/invoice_for_payment/compute', { date: '2026-05-05', goods: [{ product, quantity: '1', price: 12200 }, { product, quantity: '2' }] });
    expect(draft.status).toBe(200);
    expect(draft.body.goods[0]).toMatchObject({ vat: 2200, total: 12200 });
    expect(draft.body.goods[1]).toEqual({ product, quantity: '2' });

    // With a price type, a line without a price takes it from the price list valid on the document's date.
    const retail = (await api.post('/api/trade/catalogs/price_types', { name: 'Розничная' })).body.id;
    expect((await api.post('/api/trade/documents/price_setting?post=true', { date: '2026-05-01', price_type: retail, prices: [{ product, price: 24400 }] })).status).toBe(201);
    const priced = await api.post('/api/trade/documents/invoice_for_payment/compute', { date: '2026-05-05', price_type: retail, goods: [{ product, quantity: '2' }] });
    // 2 × 244,00 = 488,00 with VAT; VAT 488 × 22/122 = 88,00.
    expect(priced.body.goods[0]).toMatchObject({ price: 24400, total: 48800, vat: 8800 });
    const tooEarly = await api.post('/api/trade/documents/invoice_for_payment/compute', { date: '2026-04-30', price_type: retail, goods: [{ product, quantity: '2' }] });
    expect(tooEarly.body.goods[0].price).toBeUndefined();
  });
});

describe('services and barcodes', () => {
  test('a service sells without stock or cost; a product is found by its barcode', async () => {
    const warehouse = (await api.post('/api/trade/catalogs/warehouses', { name: 'Склад услуг' })).body.id;
    const service = (await api.post('/api/trade/catalogs/products', { name: 'Доставка', kind: 'service', unit_name: 'усл', unit_code: '356' })).body.id;
    await api.post('/api/trade/catalogs/products', { name: 'Молоко', barcode: '4607001234562' });
    expect((await api.get('/api/trade/catalogs/products?search=4607001234562')).body.items.map((p: any) => p.name)).toEqual(['Молоко']);
    // Nothing of the service is in stock, yet it sells: 1 × 1 220,00 with VAT 22 % → revenue 1 000,00, VAT 220,00, cost 0.
    const sale = await api.post('/api/trade/documents/sale?post=true', { ...base, warehouse, date: '2026-05-10', goods: [{ product: service, quantity: '1', price: 122000 }] });
    expect(sale.status).toBe(201);
    const stock = (await api.get(`/api/trade/registers/stock/balance?warehouse=${warehouse}`)).body.items;
    expect(stock).toEqual([]);
    const report = (await api.get(`/api/trade/reports/sales_analysis?from=2026-05-10&to=2026-05-10&organization=${base.organization}`)).body;
    expect(report.items.find((r: any) => r.product_name === 'Доставка')).toMatchObject({ revenue: 100000, vat: 22000, cost: 0, margin: 100000 });
  });
});
