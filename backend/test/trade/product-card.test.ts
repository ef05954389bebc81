import { afterAll, beforeAll, expect, test } from 'vitest';
import { nextInn, type TestStack } from '../support/stack';
import { createItem, startTradeCompany, type Api } from './support';

/** A product card as a storekeeper fills it in: empty optional numbers, a scanned barcode, no negative minimum. */

let stack: TestStack;
let api: Api;

beforeAll(async () => {
  const t = await startTradeCompany('trade-product-card', { name: 'Карточка', adminEmail: 'admin@card.ru' });
  stack = t.stack;
  api = t.api;
});
afterAll(() => stack?.close());

test('a product saves with «Минимальный остаток» left empty, and can be emptied again', async () => {
  const created = await api.post('/api/trade/catalogs/products', { name: 'Чайник', min_stock: '' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect(created.body.min_stock ?? null).toBeNull();
  expect((await api.patch(`/api/trade/catalogs/products/${created.body.id}`, { min_stock: '5' })).body.min_stock).toBe('5.000');
  const emptied = await api.patch(`/api/trade/catalogs/products/${created.body.id}`, { min_stock: '  ' });
  expect(emptied.status, JSON.stringify(emptied.body)).toBe(200);
  expect(emptied.body.min_stock ?? null).toBeNull();
});

test('barcodes: EAN-13, EAN-8 and GTIN-14 with a right check digit are taken; a typo is refused in Russian', async () => {
  for (const barcode of ['4607001234562', '96385074', '14607001234569']) expect((await api.post('/api/trade/catalogs/products', { name: `Товар ${barcode}`, barcode })).status).toBe(201);
  const typo = await api.post('/api/trade/catalogs/products', { name: 'Опечатка', barcode: '4607001234567' });
  expect(typo.status).toBe(400);
  expect(typo.body.errors).toEqual([{ field: 'barcode', message: '«Штрихкод»: неверная контрольная цифра (последняя должна быть 2) — проверьте, не опечатка ли в штрихкоде' }]);
  const letters = await api.post('/api/trade/catalogs/products', { name: 'Буквы', barcode: 'АБВ-123' });
  expect(letters.body.detail).toContain('«Штрихкод»: штрихкод EAN-8, EAN-13 или GTIN — 8, 12, 13 или 14 цифр');
});

test('a negative minimum or quantity is refused, naming the field', async () => {
  const negative = await api.post('/api/trade/catalogs/products', { name: 'Минус', min_stock: '-1' });
  expect(negative.status).toBe(400);
  expect(negative.body.errors).toEqual([{ field: 'min_stock', message: '«Минимальный остаток»: не может быть меньше 0' }]);

  const organization = await createItem(api, 'organizations', { name: 'ООО «Карточка»', inn: '7707083893' });
  const counterparty = await createItem(api, 'counterparties', { name: 'ООО «Поставщик»', inn: nextInn() });
  await createItem(api, 'contracts', { name: 'Поставка', owner_id: counterparty, kind: 'supplier' });
  const product = await createItem(api, 'products', { name: 'Утюг' });
  const warehouse = await createItem(api, 'warehouses', { name: 'Склад' });
  const receipt = await api.post('/api/trade/documents/receipt', { organization, warehouse, counterparty, date: '2026-03-01', goods: [{ product, quantity: '-2', price: 10000 }] });
  expect(receipt.status).toBe(400);
  expect(receipt.body.errors).toEqual([expect.objectContaining({ field: 'goods.0.quantity', message: '«Количество»: не может быть меньше 0' })]);
});
