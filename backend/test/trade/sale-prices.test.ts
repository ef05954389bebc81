import { afterAll, beforeAll, expect, test } from 'vitest';
import type { TestStack } from '../support/stack';
import { createItem, postDocument, startTradeCompany, type Api } from './support';

/**
 * «Цена не указана»: a sale (an invoice, an order) line without a price takes the price of the document's
 * price type on its date when saved; a line left without one is refused, naming the line, unless the
 * organization allows zero prices.
 */
let stack: TestStack;
let api: Api;
const id: Record<string, string> = {};

beforeAll(async () => {
  ({ stack, api } = await startTradeCompany('sale_prices', { name: 'ООО «Цены»', adminEmail: 'admin@ceny.ru' }));
  id.org = (await api.get('/api/trade/catalogs/organizations')).body.items[0].id;
  id.warehouse = await createItem(api, 'warehouses', { name: 'Склад' });
  id.customer = await createItem(api, 'counterparties', { name: 'ООО «Покупатель»', is_customer: true });
  id.contract = await createItem(api, 'contracts', { name: 'Поставка', owner_id: id.customer, kind: 'customer' });
  for (const [key, name] of [['kettle', 'Чайник'], ['iron', 'Утюг'], ['toaster', 'Тостер']]) id[key] = await createItem(api, 'products', { name });
  id.retail = await createItem(api, 'price_types', { name: 'Розничная' });
  // From 1 March: Чайник 3 050,00, Утюг 4 000,00; Тостер has no price.
  await postDocument(api, 'price_setting', { date: '2026-03-01', price_type: id.retail, prices: [{ product: id.kettle, price: 305_000 }, { product: id.iron, price: 400_000 }] });
});
afterAll(() => stack?.close());

const sale = (date: string, goods: Record<string, unknown>[], extra: Record<string, unknown> = {}) =>
  api.post('/api/trade/documents/sale', { date, counterparty: id.customer, price_type: id.retail, goods, ...extra });

test('a line without a price takes the price type’s price on save; a typed price is kept', async () => {
  const res = await sale('2026-03-10', [{ product: id.kettle, quantity: '2' }, { product: id.iron, quantity: '1', price: 390_000 }]);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.goods.map((l: { price: number }) => l.price)).toEqual([305_000, 390_000]);
  // 2 × 3 050,00 + 3 900,00 = 10 000,00 ₽, VAT inside.
  expect(res.body.total).toBe(1_000_000);

  // The company's only price type is the sale's when none is named.
  const plain = await api.post('/api/trade/documents/sale', { date: '2026-03-10', counterparty: id.customer, goods: [{ product: id.kettle, quantity: '1' }] });
  expect(plain.status, JSON.stringify(plain.body)).toBe(201);
  expect(plain.body).toMatchObject({ price_type: id.retail, total: 305_000 });
});

test('a line left without a price is refused naming the line, and nothing is saved', async () => {
  const before = (await api.get('/api/trade/documents/sale')).body.total;
  const res = await sale('2026-03-10', [{ product: id.kettle, quantity: '1' }, { product: id.iron, quantity: '1' }, { product: id.toaster, quantity: '1' }]);
  expect(res.status).toBe(422);
  expect(res.contentType).toContain('application/problem+json');
  expect(res.body.detail).toBe('Строка 3 «Тостер»: цена не указана (в виде цены «Розничная» её нет на 10.03.2026) — укажите цену или установите её в «Установке цен номенклатуры».');

  // Before 1 March the price list has no price of the kettle either.
  const early = await sale('2026-02-20', [{ product: id.kettle, quantity: '1' }]);
  expect(early.status).toBe(422);
  expect(early.body.detail).toContain('Строка 1 «Чайник»: цена не указана (в виде цены «Розничная» её нет на 20.02.2026)');

  const zero = await sale('2026-03-10', [{ product: id.kettle, quantity: '1', price: 0 }]);
  expect(zero.status).toBe(422);
  expect(zero.body.detail).toContain('Строка 1 «Чайник»: цена нулевая, а организация не разрешает нулевые цены');

  // A Счёт is refused the same way.
  const invoice = await api.post('/api/trade/documents/invoice_for_payment', { date: '2026-03-10', counterparty: id.customer, price_type: id.retail, goods: [{ product: id.toaster, quantity: '1' }] });
  expect(invoice.status).toBe(422);
  expect(invoice.body.detail).toContain('Строка 1 «Тостер»: цена не указана');
  expect((await api.get('/api/trade/documents/sale')).body.total).toBe(before);
});

test('an organization that allows zero prices sells a line without a price at 0', async () => {
  expect((await api.patch(`/api/trade/catalogs/organizations/${id.org}`, { allow_zero_price: true })).status).toBe(200);
  const res = await sale('2026-03-10', [{ product: id.kettle, quantity: '1' }, { product: id.toaster, quantity: '1' }]);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.goods.map((l: { price: number; total: number }) => [l.price, l.total])).toEqual([[305_000, 305_000], [0, 0]]);
  expect(res.body.total).toBe(305_000);
});
