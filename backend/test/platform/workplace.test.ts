import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectRussianProblem } from '../support/routes';
import { client, login, onboardTenant, OWNER, type TestStack } from '../support/stack';
import { createItem, startTradeCompany, type Api } from '../trade/support';

/** «Избранное» and «История»: each person's own, on the server, with records read again through the role. */
let stack: TestStack;
let api: Api;
let colleague: Api;
let sale: { id: string; number: string; path: string };
let product: { id: string; path: string };

beforeAll(async () => {
  const t = await startTradeCompany('workplace', { name: 'Избранное', adminEmail: 'admin@favorites.ru' });
  stack = t.stack;
  api = t.api;
  const organization = await createItem(api, 'organizations', { name: 'ООО «Избранное»', inn: '7707083893' });
  const counterparty = await createItem(api, 'counterparties', { name: 'ООО «Клиент»' });
  const productId = await createItem(api, 'products', { name: 'Чайник' });
  product = { id: productId, path: `/m/trade/catalogs/products/${productId}` };
  const res = await api.post('/api/trade/documents/sale', {
    organization,
    counterparty,
    contract: await createItem(api, 'contracts', { name: 'Основной договор', owner_id: counterparty }),
    warehouse: await createItem(api, 'warehouses', { name: 'Склад' }),
    date: '2026-03-05',
    goods: [{ product: productId, quantity: '1', price: 10000 }],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  sale = { id: res.body.id, number: res.body.number, path: `/m/trade/documents/sale/${res.body.id}` };
  const roles = (await api.get('/api/admin/roles')).body;
  const manager = roles.find((r: any) => r.code === 'sales_manager');
  const invited = await api.post('/api/admin/users', { email: 'colleague@favorites.ru', fullName: 'Коллегова Анна', password: 'Kollega-Passw0rd-7', roleIds: [manager.id] });
  expect(invited.status, JSON.stringify(invited.body)).toBe(201);
  colleague = client(stack.url, await login(stack.url, 'colleague@favorites.ru', 'Kollega-Passw0rd-7'));
}, 180_000);
afterAll(() => stack?.close());

const favorites = async (who: Api) => {
  const res = await who.get('/api/me/favorites');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as { path: string; title: string; deleted: boolean }[];
};

describe('favorites', () => {
  test("a star keeps a list, a document and a report; only their owner sees them, neither a colleague nor another company's people", async () => {
    for (const [path, title] of [
      ['/m/trade/documents/sale', 'Реализация товаров и услуг'],
      [sale.path, `Реализация ${sale.number}`],
      ['/m/trade/reports/sales_analysis', 'Анализ продаж'],
    ]) {
      const res = await api.post('/api/me/favorites', { path, title });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    // Starred again: still one entry.
    expect((await api.post('/api/me/favorites', { path: '/m/trade/documents/sale', title: 'Реализации' })).status).toBe(201);
    const mine = await favorites(api);
    expect(mine.map((f) => f.path).sort()).toEqual(['/m/trade/documents/sale', '/m/trade/reports/sales_analysis', sale.path].sort());
    // A document shows its current title, read through the role.
    expect(mine.find((f) => f.path === sale.path)).toMatchObject({ title: `Реализация товаров и услуг ${sale.number}`, deleted: false });
    expect(mine.find((f) => f.path === '/m/trade/documents/sale')!.title).toBe('Реализации');

    expect(await favorites(colleague)).toEqual([]);
    const owner = await login(stack.url, OWNER.email, OWNER.password);
    const other = await onboardTenant(stack, owner, { name: 'Чужая', adminEmail: 'admin@other-favorites.ru', modules: ['trade'] });
    expect(await favorites(client(stack.url, other.adminToken))).toEqual([]);

    // Unstarred by its owner only: the colleague's delete touches nothing of hers.
    expect((await colleague.delete(`/api/me/favorites?path=${encodeURIComponent('/m/trade/reports/sales_analysis')}`)).status).toBe(204);
    expect(await favorites(api)).toHaveLength(3);
    expect((await api.delete(`/api/me/favorites?path=${encodeURIComponent('/m/trade/reports/sales_analysis')}`)).status).toBe(204);
    expect((await favorites(api)).map((f) => f.path)).not.toContain('/m/trade/reports/sales_analysis');
  });

  test('a deleted document and a catalog item marked for deletion are marked in favorites', async () => {
    expect((await api.post('/api/me/favorites', { path: product.path, title: 'Чайник' })).status).toBe(201);
    expect((await favorites(api)).find((f) => f.path === product.path)).toMatchObject({ deleted: false });
    const marked = await api.delete(`/api/trade/catalogs/products/${product.id}`);
    expect(marked.status, JSON.stringify(marked.body)).toBeLessThan(300);
    const deleted = await api.delete(`/api/trade/documents/sale/${sale.id}`);
    expect(deleted.status, JSON.stringify(deleted.body)).toBeLessThan(300);
    const after = await favorites(api);
    expect(after.find((f) => f.path === product.path)).toMatchObject({ deleted: true });
    expect(after.find((f) => f.path === sale.path)).toMatchObject({ deleted: true });
  });

  test('bad input: another site as the address, no title → 400 problem+json in Russian', async () => {
    for (const [what, body] of [
      ['another site', { path: '//evil.example/x', title: 'x' }],
      ['not a path', { path: 'https://evil.example', title: 'x' }],
      ['no title', { path: '/m/trade' }],
      ['NUL in title', { path: '/m/trade', title: 'a\u0000b' }],
    ] as const) {
      const res = await api.post('/api/me/favorites', body);
      expectRussianProblem(res, what);
      expect(res.status, what).toBe(400);
    }
  });
});

describe('history', () => {
  test('what I opened (from any device) and what I changed, newest first; not what a colleague did', async () => {
    expect((await api.post('/api/me/history', { path: '/m/trade/reports/sales_analysis', title: 'Анализ продаж' })).status).toBe(204);
    const laptop = await createItem(api, 'products', { name: 'Ноутбук' });
    expect((await api.patch(`/api/trade/catalogs/products/${laptop}`, { name: 'Ноутбук 15"' })).status).toBe(200);
    // A second device of the same person: the same history.
    const again = client(stack.url, await login(stack.url, 'admin@favorites.ru', 'Admin-Passw0rd-1'));
    const items = (await again.get('/api/me/history')).body.items as { path: string; title: string; what: string; deleted: boolean }[];
    expect(items[0]).toMatchObject({ path: `/m/trade/catalogs/products/${laptop}`, title: 'Ноутбук 15"', what: 'updated', deleted: false });
    expect(items.map((i) => i.path)).toContain('/m/trade/reports/sales_analysis');
    expect(items.find((i) => i.path === '/m/trade/reports/sales_analysis')).toMatchObject({ what: 'opened', title: 'Анализ продаж' });
    // The deleted sale is still in the history, marked.
    expect(items.find((i) => i.path === sale.path)).toMatchObject({ deleted: true });

    const theirs = (await colleague.get('/api/me/history')).body.items as { path: string }[];
    expect(theirs.map((i) => i.path)).not.toContain(`/m/trade/catalogs/products/${laptop}`);
    expect(theirs.map((i) => i.path)).not.toContain('/m/trade/reports/sales_analysis');
  });
});
