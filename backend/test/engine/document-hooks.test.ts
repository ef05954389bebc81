import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { workcloudDefinition } from '../../src/index';
import { defineDocument } from '../../src/platform/engine/declarations';
import { Problem } from '../../src/platform/http/problem';
import { defineModule } from '../../src/platform/modules/define-module';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';
import { demoModule } from './demo-module';

/**
 * The module contract's `documentHooks` beyond movements: a module (`slips`) keeps a document of its own for
 * every demo sale — created and posted by its hook in the sale's posting transaction, cancelled and deleted by
 * its `cancel` hook in the sale's cancel transaction — as accounting does with счета-фактуры for trade sales.
 */
const slip = defineDocument({
  code: 'slip',
  title: 'Квитанция к продаже',
  numberPrefix: 'КВ',
  fields: { sale: { type: 'ref', ref: 'demo.sales', title: 'Продажа', required: true }, total: { type: 'money', title: 'Сумма' } },
  // A slip is refused above 1 000 000 ₽: the sale that asked for it must not be posted either.
  post: async (doc, ctx) => {
    const sale = await ctx.knex(ctx.table('d_demo_sales')).where({ id: doc.sale }).first();
    if (sale.status !== 'posted') throw Problem.unprocessable('Продажа не проведена');
    if (Number(doc.total) > 100_000_000) throw Problem.unprocessable('Квитанция больше 1 000 000 ₽ не выписывается');
    return [];
  },
});

const slipOf = (ctx: { knex: any; table(n: string): string }, sale: string) => ctx.knex(ctx.table('d_slips_slip')).where({ sale }).first();

const slips = defineModule({
  code: 'slips',
  title: 'Квитанции',
  titleEn: 'Slips',
  description: 'Тестовый модуль: квитанция к каждой продаже',
  monthlyPriceKopecks: 0,
  depends: ['demo'],
  declarations: [slip],
  ui: { remote: 'engine' },
  documentHooks: {
    'demo.sales': {
      post: async (doc, ctx) => {
        const existing = await slipOf(ctx, doc.id);
        if (existing) await ctx.documents.post('slip', existing.id);
        else await ctx.documents.create('slip', { date: doc.date, sale: doc.id, total: doc.total }, { post: true });
        return [];
      },
      cancel: async (doc, ctx) => {
        const existing = await slipOf(ctx, doc.id);
        await ctx.documents.cancel('slip', existing.id);
        await ctx.documents.delete('slip', existing.id);
      },
    },
  },
});

let stack: TestStack;
let api: ReturnType<typeof client>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack({ label: 'hooks', definition: workcloudDefinition({ modules: [demoModule, slips] }) });
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  api = client(stack.url, (await onboardTenant(stack, ownerToken, { name: 'Квитанции', adminEmail: 'admin@slips.ru', modules: ['demo', 'slips'] })).adminToken);
  ids.warehouse = (await api.post('/api/demo/catalogs/warehouses', { name: 'Основной' })).body.id;
  ids.milk = (await api.post('/api/demo/catalogs/items', { name: 'Молоко', price: 8990 })).body.id;
  await api.post('/api/demo/documents/receipts?post=true', { date: '2026-03-01', warehouse: ids.warehouse, lines: [{ item: ids.milk, quantity: '100000', price: 8990 }] });
});
afterAll(() => stack?.close());

const slipsList = async () => (await api.get('/api/slips/documents/slip?sort=number')).body.items.map((s: any) => ({ number: s.number, sale: s.sale, total: s.total, status: s.status }));
const stock = async () => (await api.get(`/api/demo/registers/stock/balance?date=9999-12-31&warehouse=${ids.warehouse}&item=${ids.milk}`)).body.items[0]?.quantity;

describe('documentHooks: a hook creates, posts, cancels and deletes documents of its own module', () => {
  test('posting a sale creates and posts its slip in the same transaction; re-posting keeps the one slip', async () => {
    const sale = await api.post('/api/demo/documents/sales?post=true', { date: '2026-03-02', warehouse: ids.warehouse, lines: [{ item: ids.milk, quantity: '2', price: 8990 }] });
    expect(sale.status).toBe(201);
    ids.sale = sale.body.id;
    // 2 × 89,90 = 179,80 ₽
    expect(await slipsList()).toEqual([{ number: 'КВ-000001', sale: ids.sale, total: 17980, status: 'posted' }]);
    const changed = await api.patch(`/api/demo/documents/sales/${ids.sale}`, { lines: [{ item: ids.milk, quantity: '3', price: 8990 }] });
    expect(changed.status).toBe(200);
    expect((await slipsList()).map((s: any) => [s.number, s.status])).toEqual([['КВ-000001', 'posted']]);
  });

  test('cancelling the sale cancels and deletes its slip; posting it again makes a new one', async () => {
    expect((await api.post(`/api/demo/documents/sales/${ids.sale}/cancel`)).status).toBe(200);
    expect(await slipsList()).toEqual([]);
    expect((await api.post(`/api/demo/documents/sales/${ids.sale}/post`)).status).toBe(200);
    expect((await slipsList()).map((s: any) => [s.number, s.status])).toEqual([['КВ-000002', 'posted']]);
  });

  test("a slip the hook cannot post refuses the sale's posting: no slip, no stock movement, the sale stays a draft", async () => {
    const before = await stock();
    // 20 000 × 89,90 = 1 798 000 ₽ > 1 000 000 ₽
    const sale = await api.post('/api/demo/documents/sales', { date: '2026-03-03', warehouse: ids.warehouse, lines: [{ item: ids.milk, quantity: '20000', price: 8990 }] });
    const post = await api.post(`/api/demo/documents/sales/${sale.body.id}/post`);
    expect(post.status).toBe(422);
    expect(post.body.detail).toContain('Квитанция больше 1 000 000 ₽');
    expect((await api.get(`/api/demo/documents/sales/${sale.body.id}`)).body.status).toBe('draft');
    expect(await stock()).toBe(before);
    expect((await slipsList()).map((s: any) => s.number)).toEqual(['КВ-000002']);
  });
});
