import { formatRubles } from '@workcloud/shared-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectRussianProblem } from '../support/routes';
import { client, login, nextInn, onboardTenant, OWNER, type TestStack } from '../support/stack';
import { createItem, startTradeCompany, type Api } from '../trade/support';

/**
 * The workplace's search (GET /api/search): one request over everything the person may read in the
 * company's modules, grouped by kind, with the address that opens each hit.
 */
let stack: TestStack;
let api: Api;
let saleNumber: string;
let saleId: string;
let productId: string;
const counterpartyInn = nextInn();

type Group = { kind: string; items: { title: string; subtitle: string; path: string; type: string }[] };
const search = async (who: Api, q: string) => {
  const res = await who.get(`/api/search?q=${encodeURIComponent(q)}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.groups as Group[];
};
const items = (groups: Group[], kind: string) => groups.find((g) => g.kind === kind)?.items ?? [];

beforeAll(async () => {
  const t = await startTradeCompany('search', { name: 'Поиск', adminEmail: 'admin@search.ru' });
  stack = t.stack;
  api = t.api;
  const organization = await createItem(api, 'organizations', { name: 'ООО «Поиск»', inn: '7707083893' });
  const counterparty = await createItem(api, 'counterparties', { name: 'ООО «Ромашка»', inn: counterpartyInn });
  const warehouse = await createItem(api, 'warehouses', { name: 'Основной склад' });
  productId = await createItem(api, 'products', { name: 'Ноутбук Lenovo', article: 'NB-15', barcode: '4607001234562' });
  const contract = await createItem(api, 'contracts', { name: 'Основной договор', owner_id: counterparty });
  const sale = await api.post('/api/trade/documents/sale', {
    organization,
    counterparty,
    contract,
    warehouse,
    date: '2026-03-05',
    goods: [{ product: productId, quantity: '2', price: 6150000 }],
  });
  expect(sale.status, JSON.stringify(sale.body)).toBe(201);
  saleNumber = sale.body.number;
  saleId = sale.body.id;
}, 180_000);
afterAll(() => stack?.close());

describe('search', () => {
  test('a sale by its number: title, subtitle with date, customer and amount, the address of its form', async () => {
    const groups = await search(api, saleNumber);
    expect(groups[0].kind).toBe('documents');
    expect(groups[0].items[0]).toMatchObject({
      title: `Реализация товаров и услуг ${saleNumber}`,
      subtitle: `05.03.2026 · ООО «Ромашка» · ${formatRubles(12300000)}`,
      path: `/m/trade/documents/sale/${saleId}`,
    });
    // Only its digits, the date typed as people write it, the amount, the customer's name.
    for (const q of [saleNumber.replace(/\D/g, '').slice(-6), '05.03.2026', '123 000,00', 'ромашка'])
      expect(items(await search(api, q), 'documents').map((i) => i.path), q).toContain(`/m/trade/documents/sale/${saleId}`);
  });

  test('a product by its barcode, a fragment of it and its article; a counterparty by ИНН', async () => {
    for (const q of ['4607001234562', '0012345', 'NB-15']) {
      const hit = items(await search(api, q), 'catalogs')[0];
      expect(hit, q).toMatchObject({ title: 'Ноутбук Lenovo', path: `/m/trade/catalogs/products/${productId}`, type: 'Номенклатура' });
    }
    expect(items(await search(api, counterpartyInn), 'catalogs')[0]).toMatchObject({ title: 'ООО «Ромашка»', type: 'Контрагенты' });
  });

  test('any word form: «реализаций» finds «Реализация…», «ноутбуков» the laptop; «создать реализацию» the new sale form first', async () => {
    const forms = await search(api, 'реализаций');
    expect(items(forms, 'menu').map((i) => i.path)).toContain('/m/trade/documents/sale');
    expect(items(await search(api, 'ноутбуков'), 'catalogs').map((i) => i.title)).toEqual(['Ноутбук Lenovo']);
    const create = await search(api, 'создать реализацию');
    expect(create[0].kind).toBe('menu');
    expect(create[0].items[0]).toMatchObject({ title: 'Создать: Реализация товаров и услуг', path: '/m/trade/documents/sale/new' });
  });

  test('people of the company for the administrator; a storekeeper without rights on sales gets no sales, and row conditions apply', async () => {
    const keeperRules = [
      { action: 'read', subject: 'trade.products' },
      { action: 'update', subject: 'trade.products' },
      { action: 'read', subject: 'trade.warehouses' },
      { action: 'read', subject: 'trade.counterparties' },
    ];
    const role = await api.post('/api/admin/roles', { name: 'Кладовщик без продаж', rules: keeperRules });
    expect(role.status, JSON.stringify(role.body)).toBe(201);
    const invited = await api.post('/api/admin/users', { email: 'keeper@search.ru', fullName: 'Кладовщиков Пётр', password: 'Sklad-Passw0rd-1', roleIds: [role.body.id] });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    expect(items(await search(api, 'Кладовщиков'), 'people')).toEqual([expect.objectContaining({ title: 'Кладовщиков Пётр', subtitle: 'keeper@search.ru' })]);

    const keeper = client(stack.url, await login(stack.url, 'keeper@search.ru', 'Sklad-Passw0rd-1'));
    expect((await keeper.get(`/api/trade/documents/sale/${saleId}`)).status).toBe(403);
    const noSales = async () => {
      for (const q of [saleNumber, 'ромашка', '05.03.2026', '123000']) expect(items(await search(keeper, q), 'documents'), q).toEqual([]);
    };
    await noSales();
    // Not even the section: the menu offers only what the role may open.
    expect(JSON.stringify(await search(keeper, 'реализаций'))).not.toMatch(/Реализация/);
    expect(items(await search(keeper, 'Кладовщиков'), 'people')).toEqual([]);
    // What the role allows is found.
    expect(items(await search(keeper, '4607001234562'), 'catalogs')[0]).toMatchObject({ title: 'Ноутбук Lenovo' });

    // Only posted sales: the draft stays hidden (the condition is SQL); drafts allowed: it is found.
    const withSales = (status: string) => api.put(`/api/admin/roles/${role.body.id}`, { name: 'Кладовщик без продаж', rules: [...keeperRules, { action: 'read', subject: 'trade.sale', conditions: { status } }] });
    expect((await withSales('posted')).status).toBe(200);
    await noSales();
    expect((await withSales('draft')).status).toBe(200);
    expect(items(await search(keeper, saleNumber), 'documents').map((i) => i.path)).toEqual([`/m/trade/documents/sale/${saleId}`]);
  });

  test("another company's data never appears, even searched by its exact number and barcode", async () => {
    const owner = await login(stack.url, OWNER.email, OWNER.password);
    const other = await onboardTenant(stack, owner, { name: 'Чужая', adminEmail: 'admin@other-search.ru', modules: ['trade'] });
    const them = client(stack.url, other.adminToken);
    for (const q of [saleNumber, '4607001234562', counterpartyInn, 'Ноутбук', 'ромашка']) {
      const groups = await search(them, q);
      expect(groups.filter((g) => g.kind !== 'menu'), q).toEqual([]);
    }
  });

  test('a company without «Торговля и склад» finds none of its pages or actions', async () => {
    const owner = await login(stack.url, OWNER.email, OWNER.password);
    const bare = await onboardTenant(stack, owner, { name: 'Без торговли', adminEmail: 'admin@bare-search.ru', modules: [] });
    const them = client(stack.url, bare.adminToken);
    for (const q of ['реализаций', 'создать реализацию', 'номенклатура']) expect(JSON.stringify(await search(them, q)), q).not.toMatch(/\/m\/trade\//);
  });

  test('bad q: NUL byte, too long, empty, repeated → 400 problem+json in Russian', async () => {
    for (const [what, query] of [
      ['NUL', 'q=%00abc'],
      ['too long', `q=${'я'.repeat(201)}`],
      ['empty', 'q=%20'],
      ['missing', ''],
      ['repeated', 'q=a&q=b'],
      ['bad limit', 'q=abc&limit=много'],
    ]) {
      const res = await api.get(`/api/search?${query}`);
      expectRussianProblem(res, what);
      expect(res.status, what).toBe(400);
    }
  });
});
