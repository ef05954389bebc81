import { afterAll, beforeAll, expect, test } from 'vitest';
import { client, login, type TestStack } from '../support/stack';
import { createItem, startTradeCompany, type Api } from './support';

/**
 * «Основные значения для подстановки»: each user of a company chooses their main organization, warehouse, price
 * type and cash desk in their own settings; a new document takes them, and the company's only item where the
 * user chose none.
 */
let stack: TestStack;
let admin: Api;
let manager: Api;
const id: Record<string, string> = {};

beforeAll(async () => {
  ({ stack, api: admin } = await startTradeCompany('user_defaults', { name: 'ООО «Двое»', adminEmail: 'admin@dvoe.ru' }));
  // The first organization comes from onboarding; the company opens a second one.
  id.first = (await admin.get('/api/trade/catalogs/organizations')).body.items[0].id;
  id.second = await createItem(admin, 'organizations', { name: 'ООО «Двое-Юг»', inn: '7728168971' });
  id.main = await createItem(admin, 'warehouses', { name: 'Основной склад' });
  id.retail = await createItem(admin, 'price_types', { name: 'Розничная' });
  const roles = (await admin.get('/api/admin/roles')).body as { id: string; code: string }[];
  const user = await admin.post('/api/admin/users', { email: 'petrov@dvoe.ru', fullName: 'Пётр Петров', password: 'Sales-Passw0rd-7', roleIds: [roles.find((r) => r.code === 'sales_manager')!.id] });
  expect(user.status, JSON.stringify(user.body)).toBe(201);
  manager = client(stack.url, await login(stack.url, 'petrov@dvoe.ru', 'Sales-Passw0rd-7'));
});
afterAll(() => stack?.close());

/** What a new sale's form gets from the server: the header fields the person left empty, filled in. */
async function newSale(api: Api) {
  const res = await api.post('/api/trade/documents/sale/compute', {});
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { organization: res.body.organization ?? null, warehouse: res.body.warehouse ?? null, price_type: res.body.price_type ?? null };
}

test('two users of one company get their own main organization; with none chosen, the only warehouse and price type', async () => {
  expect((await admin.put('/api/trade/user-defaults', { 'trade.organizations': id.second })).status).toBe(200);
  const mine = await manager.put('/api/trade/user-defaults', { 'trade.organizations': id.first });
  expect(mine.status, JSON.stringify(mine.body)).toBe(200);
  expect(mine.body.find((d: { catalog: string }) => d.catalog === 'trade.organizations')).toEqual({ catalog: 'trade.organizations', title: 'Организация', titleEn: 'Организация', item: id.first, name: 'ООО «Двое»' });

  expect(await newSale(admin)).toEqual({ organization: id.second, warehouse: id.main, price_type: id.retail });
  expect(await newSale(manager)).toEqual({ organization: id.first, warehouse: id.main, price_type: id.retail });
});

test('with two warehouses only the user who chose one gets it, on the form, in its meta and on saving', async () => {
  id.shop = await createItem(admin, 'warehouses', { name: 'Магазин' });
  id.wholesale = await createItem(admin, 'price_types', { name: 'Оптовая' });
  expect((await manager.put('/api/trade/user-defaults', { 'trade.warehouses': id.shop, 'trade.price_types': id.wholesale })).status).toBe(200);

  expect(await newSale(manager)).toEqual({ organization: id.first, warehouse: id.shop, price_type: id.wholesale });
  expect(await newSale(admin)).toEqual({ organization: id.second, warehouse: null, price_type: null });

  const sale = (await manager.get('/api/trade/meta')).body.documents.find((d: { code: string }) => d.code === 'sale');
  const defaultOf = (name: string) => sale.fields.find((f: { name: string }) => f.name === name).default ?? null;
  expect([defaultOf('organization'), defaultOf('warehouse'), defaultOf('price_type')]).toEqual([id.first, id.shop, id.wholesale]);

  const customer = await createItem(manager, 'counterparties', { name: 'ООО «Покупатель»', is_customer: true });
  await createItem(manager, 'contracts', { name: 'Поставка', owner_id: customer, kind: 'customer' });
  const product = await createItem(admin, 'products', { name: 'Чайник' });
  const saved = await manager.post('/api/trade/documents/sale', { counterparty: customer, goods: [{ product, quantity: '1', price: 100_000 }] });
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  expect(saved.body).toMatchObject({ organization: id.first, warehouse: id.shop, price_type: id.wholesale });
});

test('a cleared choice gives way to the only item again; wrong choices are refused in Russian', async () => {
  expect((await manager.put('/api/trade/user-defaults', { 'trade.warehouses': null })).status).toBe(200);
  expect((await newSale(manager)).warehouse).toBeNull();

  const product = await createItem(admin, 'products', { name: 'Утюг' });
  const notAChoice = await manager.put('/api/trade/user-defaults', { 'trade.products': product });
  expect(notAChoice.status).toBe(400);
  expect(notAChoice.contentType).toContain('application/problem+json');
  expect(notAChoice.body.detail).toContain('«trade.products»: для этого справочника основное значение не выбирают');

  const notAnItem = await manager.put('/api/trade/user-defaults', { 'trade.warehouses': product });
  expect(notAnItem.status).toBe(400);
  expect(notAnItem.body.detail).toBe('«Склад»: такого элемента нет в справочнике «Склады» — выберите другой.');

  expect((await manager.put('/api/trade/user-defaults', { 'trade.warehouses': 'склад' })).status).toBe(400);
});
