import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defineModule } from '../../src/platform/modules/define-module';
import { defineCatalog, defineDocument, defineRegister } from '../../src/platform/engine/declarations';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';
import { queriesOf } from '../support/queries';

// The document of the posting benchmark (tools/bench/sections/engine.mjs): a receipt of 10 lines
// into a balance register with forbidNegative. This file counts the SQL statements one post sends
// (never times): each is a round trip to PostgreSQL holding a pooled connection.
const MODULE = 'qcount';
const items = defineCatalog({ module: MODULE, code: 'items', title: 'Товары', fields: { article: { type: 'string', title: 'Артикул', search: true } } });
const warehouses = defineCatalog({ module: MODULE, code: 'warehouses', title: 'Склады', fields: {} });
const stock = defineRegister({
  module: MODULE,
  code: 'stock',
  title: 'Остатки',
  type: 'balance',
  dimensions: { warehouse: { type: 'ref', ref: 'warehouses', title: 'Склад' }, item: { type: 'ref', ref: 'items', title: 'Товар' } },
  resources: { quantity: { type: 'decimal', title: 'Количество' } },
  forbidNegative: { resources: ['quantity'] },
  // As the trade cost register: the sequence check rides on the statement writing the movements (no round trip of its own).
  sequence: { dimension: 'warehouse' },
});
const docFields = {
  fields: { warehouse: { type: 'ref', ref: 'warehouses', title: 'Склад', required: true }, total: { type: 'money', title: 'Сумма' } },
  sections: { lines: { title: 'Товары', fields: { item: { type: 'ref', ref: 'items', title: 'Товар', required: true }, quantity: { type: 'decimal', title: 'Количество' }, price: { type: 'money', title: 'Цена' } } } },
} as const;
const receipts = defineDocument({
  module: MODULE,
  code: 'receipts',
  title: 'Поступление',
  numberPrefix: 'П',
  ...docFields,
  post: (doc) => doc.lines.map((l: any) => ({ register: 'stock', kind: 'receipt' as const, dimensions: { warehouse: doc.warehouse, item: l.item }, resources: { quantity: l.quantity } })),
});
const writeoffs = defineDocument({
  module: MODULE,
  code: 'writeoffs',
  title: 'Списание',
  numberPrefix: 'С',
  ...docFields,
  post: (doc) => doc.lines.map((l: any) => ({ register: 'stock', kind: 'expense' as const, dimensions: { warehouse: doc.warehouse, item: l.item }, resources: { quantity: l.quantity } })),
});

let stack: TestStack;
let api: ReturnType<typeof client>;
let warehouse: string;
const itemIds: string[] = [];

beforeAll(async () => {
  stack = await startStack({
    label: 'posting-queries',
    modules: [
      defineModule({ code: MODULE, title: 'Счётчик запросов', titleEn: 'Query count', description: 'test', monthlyPriceKopecks: 0, declarations: [items, warehouses, stock, receipts, writeoffs], ui: { remote: 'engine' } }),
    ],
  });
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  const a = await onboardTenant(stack, ownerToken, { name: 'Счётчик', adminEmail: 'admin@qcount.ru', modules: [MODULE] });
  api = client(stack.url, a.adminToken);
  warehouse = (await api.post(`/api/${MODULE}/catalogs/warehouses`, { name: 'Основной' })).body.id;
  for (let i = 0; i < 10; i++) itemIds.push((await api.post(`/api/${MODULE}/catalogs/items`, { name: `Товар ${i}`, article: `A-${i}` })).body.id);
});
afterAll(() => stack?.close());

const lines = () => itemIds.map((item, i) => ({ item, quantity: `${i + 1}.5`, price: 1000 + i }));

describe('SQL round trips of posting', () => {
  test('creating and posting a 10-line receipt in one request', async () => {
    await api.post(`/api/${MODULE}/documents/receipts?post=true`, { date: '2026-06-01', warehouse, lines: lines() }); // warm caches
    let res: Awaited<ReturnType<typeof api.post>> | undefined;
    const queries = await queriesOf(stack, async () => {
      res = await api.post(`/api/${MODULE}/documents/receipts?post=true`, { date: '2026-06-02', warehouse, lines: lines() });
    });
    expect(res!.status).toBe(201);
    expect(res!.body).toMatchObject({ status: 'posted', revision: 1, warehouse });
    expect(res!.body.lines).toHaveLength(10);
    expect(res!.body.lines[0]).toEqual({ line_no: 1, item: itemIds[0], quantity: '1.500', price: 1000 });
    // The answer is the document exactly as reading it back gives it.
    expect(res!.body).toEqual((await api.get(`/api/${MODULE}/documents/receipts/${res!.body.id}`)).body);
    // Was 22 (custom fields, the document read back twice and its lines once more than needed, the period checked twice,
    // lines deleted before the first insert, movements and each total apart, events and audit apart).
    expect(queries.length).toBeLessThanOrEqual(11);
  });

  test('re-posting a posted document (storno, then the new movements)', async () => {
    const doc = (await api.post(`/api/${MODULE}/documents/receipts?post=true`, { date: '2026-06-03', warehouse, lines: lines() })).body;
    let res: Awaited<ReturnType<typeof api.post>> | undefined;
    const queries = await queriesOf(stack, async () => {
      res = await api.post(`/api/${MODULE}/documents/receipts/${doc.id}/post`);
    });
    expect(res!.status).toBe(200);
    expect(res!.body).toMatchObject({ status: 'posted', revision: 2 });
    expect(res!.body).toEqual((await api.get(`/api/${MODULE}/documents/receipts/${doc.id}`)).body);
    expect(queries.length).toBeLessThanOrEqual(12); // was 20

    const cancelled = await api.post(`/api/${MODULE}/documents/receipts/${doc.id}/cancel`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', revision: 2 });
    expect(cancelled.body).toEqual((await api.get(`/api/${MODULE}/documents/receipts/${doc.id}`)).body);
  });

  test('an expense checks the balances of all its lines at once', async () => {
    let res: Awaited<ReturnType<typeof api.post>> | undefined;
    const queries = await queriesOf(stack, async () => {
      res = await api.post(`/api/${MODULE}/documents/writeoffs?post=true`, { date: '2026-06-04', warehouse, lines: lines().map((l) => ({ ...l, quantity: '1' })) });
    });
    expect(res!.status).toBe(201);
    expect(queries.length).toBeLessThanOrEqual(13); // was 24
    const short = await api.post(`/api/${MODULE}/documents/writeoffs?post=true`, { date: '2026-06-04', warehouse, lines: [{ item: itemIds[0], quantity: '1000' }] });
    expect(short.status).toBe(422);
    expect(short.body.detail).toMatch(/товар «Товар 0».*не хватает/);
  });
});
