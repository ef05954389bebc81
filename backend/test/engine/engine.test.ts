import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { workcloudDefinition } from '../../src/index';
import { kafkaSubscriber, OutboxDispatcher, type DomainEvent } from '../../src/platform/engine/events';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';
import { demoModuleWith } from './demo-module';

const delivered: DomainEvent[] = [];
let failNext = false;
const definition = workcloudDefinition({
  modules: [
    demoModuleWith({
      subscribers: [
        {
          name: 'test-recorder',
          types: ['document.posted', 'document.cancelled', 'catalog.created'],
          async handle(event) {
            // Fails once, to show that delivery is retried and nothing is lost or doubled.
            if (failNext) {
              failNext = false;
              throw new Error('subscriber temporarily down');
            }
            delivered.push(event);
          },
        },
      ],
    }),
  ],
});

let stack: TestStack;
let api: ReturnType<typeof client>;
let other: ReturnType<typeof client>;
let tenantId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack({ label: 'engine', definition });
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  const a = await onboardTenant(stack, ownerToken, { name: 'Склад-Демо', adminEmail: 'admin@demo.ru', modules: ['demo'] });
  const b = await onboardTenant(stack, ownerToken, { name: 'Без демо', adminEmail: 'admin@nodemo.ru', modules: ['demo'] });
  tenantId = a.tenantId;
  api = client(stack.url, a.adminToken);
  other = client(stack.url, b.adminToken);
  for (const name of ['Основной', 'Дальний']) ids[name] = (await api.post('/api/demo/catalogs/warehouses', { name })).body.id;
  ids.milk = (await api.post('/api/demo/catalogs/items', { name: 'Молоко 3,2%', article: 'MLK-32', price: 8990 })).body.id;
  ids.bread = (await api.post('/api/demo/catalogs/items', { name: 'Хлеб бородинский', article: 'BRD-1', price: 5500 })).body.id;
});
afterAll(() => stack?.close());

const balanceOf = async (warehouse: string, item: string, date = '9999-12-31') => {
  const res = await api.get(`/api/demo/registers/stock/balance?date=${date}&warehouse=${warehouse}&item=${item}`);
  return res.body.items[0]?.quantity ?? '0';
};

describe('declaration → schema → API', () => {
  test('the declarations became tables in the tenant schema', async () => {
    const t = await stack.db.knex('platform.tenants').where({ id: tenantId }).first();
    const cols = await stack.db.knex('information_schema.columns').where({ table_schema: t.schema_name, table_name: 'c_demo_items' }).pluck('column_name');
    expect(cols).toEqual(expect.arrayContaining(['id', 'name', 'article', 'unit', 'price', 'parent_id', 'is_group', 'custom', 'deletion_mark']));
    const tables = await stack.db.knex('pg_tables').where({ schemaname: t.schema_name }).pluck('tablename');
    expect(tables).toEqual(expect.arrayContaining(['d_demo_sales', 'd_demo_sales__lines', 'r_demo_stock', 'r_demo_stock__totals']));
  });

  test('catalog CRUD with defaults, quick search, filters, sorting and paging', async () => {
    const created = (await api.get(`/api/demo/catalogs/items/${ids.milk}`)).body;
    expect(created).toMatchObject({ name: 'Молоко 3,2%', article: 'MLK-32', unit: 'pcs', price: 8990, version: 1, deletion_mark: false });
    expect((await api.get('/api/demo/catalogs/items?search=бород')).body.items.map((i: any) => i.name)).toEqual(['Хлеб бородинский']);
    expect((await api.get('/api/demo/catalogs/items?search=mlk')).body.items.map((i: any) => i.name)).toEqual(['Молоко 3,2%']);
    expect((await api.get('/api/demo/catalogs/items?sort=-price')).body.items.map((i: any) => i.price)).toEqual([8990, 5500]);
    const page = (await api.get('/api/demo/catalogs/items?limit=1&offset=1&sort=name')).body;
    expect(page).toMatchObject({ total: 2, items: [{ name: 'Хлеб бородинский' }] });
    expect((await api.get('/api/demo/catalogs/items?article=BRD-1')).body.total).toBe(1);

    const updated = await api.patch(`/api/demo/catalogs/items/${ids.bread}`, { price: 5900, version: 1 });
    expect(updated.body).toMatchObject({ price: 5900, version: 2 });
    const stale = await api.patch(`/api/demo/catalogs/items/${ids.bread}`, { price: 1, version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toMatch(/другой пользователь/);
  });

  test('validation speaks Russian and names the field; checksums are checked', async () => {
    const bad = await api.post('/api/demo/catalogs/counterparties', { name: 'ООО Ошибка', inn: '7707083894', bik: '044525311', account: '40702810300180001775' });
    expect(bad.status).toBe(400);
    expect(bad.contentType).toContain('application/problem+json');
    expect(bad.body.errors.map((e: any) => e.field)).toContain('inn');
    expect(bad.body.detail).toMatch(/контрольная сумма ИНН/i);
    const badAccount = await api.post('/api/demo/catalogs/counterparties', { name: 'ООО Счёт', inn: '7707083893', bik: '044525311', account: '40702810300180001775' });
    expect(badAccount.status).toBe(400);
    expect(badAccount.body.detail).toMatch(/Расчётный счёт/);
    const ok = await api.post('/api/demo/catalogs/counterparties', { name: 'ООО Ромашка', inn: '7707083893', kpp: '770701001', bik: '044525311', account: '40702810300180001774' });
    expect(ok.status).toBe(201);
    ids.supplier = ok.body.id;
    const dup = await api.post('/api/demo/catalogs/counterparties', { name: 'ООО Ромашка-2', inn: '7707083893', kpp: '770701001' });
    expect(dup.status).toBe(409);
    expect(dup.body.detail).toMatch(/«ИНН», «КПП»/);
    const unknown = await api.post('/api/demo/catalogs/items', { name: 'X', colour: 'red' });
    expect(unknown.status).toBe(400);
    const wrongRef = await api.post('/api/demo/documents/receipts', { warehouse: '00000000-0000-4000-8000-000000000000', lines: [] });
    expect(wrongRef.status).toBe(400);
    expect(wrongRef.body.detail).toMatch(/«Склад»: выбранный элемент не найден/);
  });

  test('OpenAPI lists every declared endpoint with its schema', async () => {
    const doc = (await client(stack.url).get('/api/openapi.json')).body;
    for (const p of ['/api/demo/catalogs/items', '/api/demo/catalogs/items/{id}', '/api/demo/documents/sales', '/api/demo/documents/sales/{id}/post', '/api/demo/registers/stock/balance', '/api/demo/reports/stock_balance'])
      expect(Object.keys(doc.paths)).toContain(p);
    const body = doc.paths['/api/demo/catalogs/counterparties'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['name', 'inn']));
  });
});

describe('documents, posting and registers', () => {
  test('a receipt is numbered, computed, posted and moves stock; the report and Excel agree', async () => {
    const res = await api.post('/api/demo/documents/receipts?post=true', {
      date: '2026-03-10',
      warehouse: ids['Основной'],
      counterparty: ids.supplier,
      lines: [
        { item: ids.milk, quantity: '10', price: 6000 },
        { item: ids.bread, quantity: '2.5', price: 3333 },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ number: 'ПТ-000001', status: 'posted', total: 60000 + 8333, revision: 1 });
    expect(res.body.lines[1]).toMatchObject({ line_no: 2, quantity: '2.500', amount: 8333 });
    expect((await api.get('/api/demo/documents/receipts?search=ПТ-000001')).body.items.map((d: any) => d.id)).toEqual([res.body.id]);
    expect(await balanceOf(ids['Основной'], ids.milk)).toBe('10.000');
    expect(await balanceOf(ids['Основной'], ids.milk, '2026-03-09')).toBe('0');

    const report = (await api.get('/api/demo/reports/stock_balance?date=2026-12-31')).body;
    expect(report.items).toEqual([
      { warehouse_name: 'Основной', item_name: 'Молоко 3,2%', quantity: '10.000' },
      { warehouse_name: 'Основной', item_name: 'Хлеб бородинский', quantity: '2.500' },
    ]);
    expect(report.totals.quantity).toBe('12.5');
    const xlsx = await fetch(`${stack.url}/api/demo/reports/stock_balance?date=2026-12-31&format=xlsx`, { headers: { authorization: `Bearer ${(await login(stack.url, 'admin@demo.ru', 'Admin-Passw0rd-1'))}` } });
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([undefined, 'Склад', 'Товар', 'Количество']);
    expect(sheet.getRow(2).getCell(3).value).toBe(10);
    expect(sheet.getRow(4).getCell(1).value).toBe('Итого');
    expect(sheet.getRow(4).getCell(3).value).toBe(12.5);
  });

  test('overselling is refused with the product and the shortfall; nothing is written', async () => {
    const sale = await api.post('/api/demo/documents/sales', { date: '2026-03-11', warehouse: ids['Основной'], lines: [{ item: ids.milk, quantity: '12', price: 8990 }] });
    expect(sale.body.status).toBe('draft');
    const post = await api.post(`/api/demo/documents/sales/${sale.body.id}/post`);
    expect(post.status).toBe(422);
    expect(post.body.detail).toBe('Недостаточно товара: склад «Основной», товар «Молоко 3,2%» — не хватает 2.');
    expect((await api.get(`/api/demo/documents/sales/${sale.body.id}`)).body.status).toBe('draft');
    expect(await balanceOf(ids['Основной'], ids.milk)).toBe('10.000');
  });

  test('posting is atomic: a transfer failing on its second register write leaves no movement and no status change', async () => {
    const tr = await api.post('/api/demo/documents/transfers', { date: '2026-03-12', from_warehouse: ids['Основной'], to_warehouse: ids['Дальний'], lines: [{ item: ids.bread, quantity: '3' }] });
    const post = await api.post(`/api/demo/documents/transfers/${tr.body.id}/post`);
    expect(post.status).toBe(422);
    expect(await balanceOf(ids['Дальний'], ids.bread)).toBe('0');
    const t = await stack.db.knex('platform.tenants').where({ id: tenantId }).first();
    expect(await stack.db.knex(`${t.schema_name}.r_demo_stock`).where({ recorder_id: tr.body.id }).count('* as c')).toEqual([{ c: '0' }]);
    expect((await api.get(`/api/demo/documents/transfers/${tr.body.id}`)).body.status).toBe('draft');
    // With enough stock the same document posts, both sides at once.
    await api.patch(`/api/demo/documents/transfers/${tr.body.id}`, { lines: [{ item: ids.bread, quantity: '1.5' }] });
    expect((await api.post(`/api/demo/documents/transfers/${tr.body.id}/post`)).status).toBe(200);
    expect(await balanceOf(ids['Дальний'], ids.bread)).toBe('1.500');
    expect(await balanceOf(ids['Основной'], ids.bread)).toBe('1.000');
  });

  test('editing a posted document re-posts it; cancelling reverses its movements with storno rows', async () => {
    const sale = await api.post('/api/demo/documents/sales?post=true', { date: '2026-03-15', warehouse: ids['Основной'], lines: [{ item: ids.milk, quantity: '4', price: 8990 }] });
    expect(sale.body.status).toBe('posted');
    expect(await balanceOf(ids['Основной'], ids.milk)).toBe('6.000');
    const edited = await api.patch(`/api/demo/documents/sales/${sale.body.id}`, { lines: [{ item: ids.milk, quantity: '3', price: 8990 }] });
    expect(edited.body).toMatchObject({ status: 'posted', revision: 2, total: 26970 });
    expect(await balanceOf(ids['Основной'], ids.milk)).toBe('7.000');
    const cancelled = await api.post(`/api/demo/documents/sales/${sale.body.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    expect(await balanceOf(ids['Основной'], ids.milk)).toBe('10.000');
    const t = await stack.db.knex('platform.tenants').where({ id: tenantId }).first();
    const rows = await stack.db.knex(`${t.schema_name}.r_demo_stock`).where({ recorder_id: sale.body.id }).orderBy('id').select('revision', 'storno', 'quantity');
    expect(rows).toEqual([
      { revision: 1, storno: false, quantity: '4.000' },
      { revision: 1, storno: true, quantity: '-4.000' },
      { revision: 2, storno: false, quantity: '3.000' },
      { revision: 2, storno: true, quantity: '-3.000' },
    ]);
    // Balances from totals and from raw movements agree.
    const raw = await stack.db.knex(`${t.schema_name}.r_demo_stock`).where({ warehouse: ids['Основной'], item: ids.milk }).sum({ q: stack.db.knex.raw('direction * quantity') });
    expect(raw[0].q).toBe('10.000');
  });

  test('concurrent sales of the last unit: exactly one succeeds', async () => {
    const item = (await api.post('/api/demo/catalogs/items', { name: 'Последний экземпляр', price: 100000 })).body.id;
    await api.post('/api/demo/documents/receipts?post=true', { date: '2026-03-20', warehouse: ids['Основной'], lines: [{ item, quantity: '1', price: 100 }] });
    const drafts = await Promise.all([1, 2, 3, 4].map(() => api.post('/api/demo/documents/sales', { date: '2026-03-21', warehouse: ids['Основной'], lines: [{ item, quantity: '1', price: 100000 }] })));
    const results = await Promise.all(drafts.map((d) => api.post(`/api/demo/documents/sales/${d.body.id}/post`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 422, 422, 422]);
    expect(await balanceOf(ids['Основной'], item)).toBe('0.000');
  });

  test('a sale prints as a PDF Счёт with its number, buyer and amount in words', async () => {
    const sale = await api.post('/api/demo/documents/sales', { date: '2026-04-10', warehouse: ids['Основной'], customer: ids.supplier, lines: [{ item: ids.milk, quantity: '2', price: 6100 }] });
    const token = await login(stack.url, 'admin@demo.ru', 'Admin-Passw0rd-1');
    const res = await fetch(`${stack.url}/api/demo/documents/sales/${sale.body.id}/print/invoice`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { execFileSync } = await import('node:child_process');
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString().replace(/\u00a0/g, ' ');
    expect(text).toContain(sale.body.number);
    expect(text).toContain('ООО Ромашка');
    expect(text).toContain('122,00');
    expect(text).toContain('Сто двадцать два рубля 00 копеек');
    expect((await api.get(`/api/demo/documents/sales/${sale.body.id}/print/torg12`)).status).toBe(404);
    expect((await other.get(`/api/demo/documents/sales/${sale.body.id}/print/invoice`)).status).toBe(404);
  });

  test('a back-dated sale may not take goods that later documents already took', async () => {
    const item = (await api.post('/api/demo/catalogs/items', { name: 'Сыр', price: 50000 })).body.id;
    await api.post('/api/demo/documents/receipts?post=true', { date: '2026-05-20', warehouse: ids['Дальний'], lines: [{ item, quantity: '5', price: 100 }] });
    expect((await api.post('/api/demo/documents/sales?post=true', { date: '2026-05-25', warehouse: ids['Дальний'], lines: [{ item, quantity: '5', price: 100 }] })).status).toBe(201);
    // On 21 May there were 5 in stock, but the sale of 25 May needs all of them.
    const backdated = await api.post('/api/demo/documents/sales?post=true', { date: '2026-05-21', warehouse: ids['Дальний'], lines: [{ item, quantity: '1', price: 100 }] });
    expect(backdated.status).toBe(422);
    expect(backdated.body.detail).toBe('Недостаточно товара: склад «Дальний», товар «Сыр» — не хватает 1 (с учётом более поздних документов).');
  });

  test('a closed period refuses posting, cancelling and editing of its documents', async () => {
    const doc = await api.post('/api/demo/documents/receipts?post=true', { date: '2026-02-10', warehouse: ids['Дальний'], lines: [{ item: ids.milk, quantity: '1', price: 100 }] });
    expect((await api.put('/api/admin/period-lock', { closedThrough: '2026-02-28' })).status).toBe(200);
    const cancel = await api.post(`/api/demo/documents/receipts/${doc.body.id}/cancel`);
    expect(cancel.status).toBe(422);
    expect(cancel.body.detail).toMatch(/Период по 28\.02\.2026 закрыт: документ от 10\.02\.2026/);
    expect((await api.patch(`/api/demo/documents/receipts/${doc.body.id}`, { lines: [] })).status).toBe(422);
    expect((await api.post('/api/demo/documents/receipts?post=true', { date: '2026-02-27', warehouse: ids['Дальний'], lines: [] })).status).toBe(422);
    // Moving an open-period document into the closed period is refused too.
    const march = await api.post('/api/demo/documents/receipts?post=true', { date: '2026-03-02', warehouse: ids['Дальний'], lines: [{ item: ids.milk, quantity: '1', price: 100 }] });
    expect((await api.patch(`/api/demo/documents/receipts/${march.body.id}`, { date: '2026-02-15' })).status).toBe(422);
    await api.put('/api/admin/period-lock', { closedThrough: null });
    expect((await api.post(`/api/demo/documents/receipts/${doc.body.id}/cancel`)).status).toBe(200);
  });
});

describe('tenant custom fields', () => {
  test('a field added by one tenant appears in its API and meta, and nowhere else', async () => {
    const add = await api.post('/api/admin/custom-fields', { target: 'demo.items', code: 'shelf_life_days', title: 'Срок годности, дней', type: 'integer' });
    expect(add.status).toBe(201);
    const item = await api.post('/api/demo/catalogs/items', { name: 'Кефир', custom: { shelf_life_days: 7 } });
    expect(item.status).toBe(201);
    expect(item.body.custom).toEqual({ shelf_life_days: 7 });
    const bad = await api.post('/api/demo/catalogs/items', { name: 'Кефир 2', custom: { shelf_life_days: 'неделя' } });
    expect(bad.status).toBe(400);
    const meta = (await api.get('/api/demo/meta')).body;
    expect(meta.catalogs.find((c: any) => c.code === 'items').customFields).toEqual([expect.objectContaining({ code: 'shelf_life_days', title: 'Срок годности, дней', type: 'integer' })]);

    // The other tenant neither sees the field nor can use it.
    const otherMeta = (await other.get('/api/demo/meta')).body;
    expect(otherMeta.catalogs.find((c: any) => c.code === 'items').customFields).toEqual([]);
    const otherItem = await other.post('/api/demo/catalogs/items', { name: 'Кефир', custom: { shelf_life_days: 7 } });
    expect(otherItem.status).toBe(400);
    expect((await other.get('/api/admin/custom-fields')).body).toEqual([]);
  });
});

describe('events', () => {
  test('posting, cancelling and catalog changes reach subscribers at least once, in order, without duplicates', async () => {
    const dispatcher = new OutboxDispatcher(stack.db, definition.subscribers);
    const doc = await api.post('/api/demo/documents/receipts?post=true', { date: '2026-04-01', warehouse: ids['Основной'], lines: [{ item: ids.milk, quantity: '1', price: 100 }] });
    await api.post(`/api/demo/documents/receipts/${doc.body.id}/cancel`);
    await api.post(`/api/demo/documents/receipts/${doc.body.id}/post`);
    failNext = true;
    await dispatcher.drain();
    await dispatcher.drain(); // a second pass delivers nothing new
    const forDoc = delivered.filter((e) => e.aggregateId === doc.body.id).map((e) => e.type);
    expect(forDoc).toEqual(['document.posted', 'document.cancelled', 'document.posted']);
    const ids2 = delivered.map((e) => e.id);
    expect(new Set(ids2).size).toBe(ids2.length);
    expect(delivered.some((e) => e.type === 'catalog.created' && e.payload.after && (e.payload.after as any).name === 'Молоко 3,2%')).toBe(true);
    expect(delivered.every((e) => e.tenantId)).toBe(true);
  });
});

describe('publishing to Kafka', () => {
  test('with KAFKA_BROKERS, events go to workcloud.<module>.<code> keyed by tenant and document; a failed send is retried, not lost', async () => {
    // No broker runs on this machine: a producer double records what kafkajs would be asked to send.
    const sent: { topic: string; key: string; type: string; id: string }[] = [];
    let failOnce = true;
    const producer = {
      connect: async () => undefined,
      disconnect: async () => undefined,
      send: async (record: { topic: string; messages: { key: string; value: string; headers: Record<string, string> }[] }) => {
        if (failOnce) {
          failOnce = false;
          throw new Error('broker not available');
        }
        for (const m of record.messages) sent.push({ topic: record.topic, key: m.key, type: JSON.parse(m.value).type, id: JSON.parse(m.value).id });
      },
    };
    const kafka = await kafkaSubscriber(['kafka:9092'], producer);
    const dispatcher = new OutboxDispatcher(stack.db, [kafka]);
    const doc = await api.post('/api/demo/documents/receipts?post=true', { date: '2026-04-03', warehouse: ids['Основной'], lines: [{ item: ids.milk, quantity: '1', price: 100 }] });
    await dispatcher.drain();
    await dispatcher.drain();
    const mine = sent.filter((m) => m.key === `${tenantId}:${doc.body.id}`).map(({ id: _id, ...m }) => m);
    expect(mine).toEqual([
      { topic: 'workcloud.demo.receipts', key: `${tenantId}:${doc.body.id}`, type: 'document.created' },
      { topic: 'workcloud.demo.receipts', key: `${tenantId}:${doc.body.id}`, type: 'document.posted' },
    ]);
    // Every outbox event went out exactly once, the failed first send included.
    expect(new Set(sent.map((m) => m.id)).size).toBe(sent.length);
    expect(sent.length).toBe(Number((await stack.db.knex('platform.outbox').count('* as c'))[0].c));
  });
});

describe('entitlement and permissions of declared routes', () => {
  test('a tenant without the module gets 403 on every route of it', async () => {
    const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
    const c = await onboardTenant(stack, ownerToken, { name: 'Не купил демо', adminEmail: 'admin@nobuy.ru', modules: [] });
    const nobuy = client(stack.url, c.adminToken);
    const doc = (await client(stack.url).get('/api/openapi.json')).body;
    const routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).filter(([p]) => p.startsWith('/api/demo/'));
    expect(routes.length).toBeGreaterThan(10);
    for (const [path, methods] of routes)
      for (const method of Object.keys(methods)) {
        const url = path.replace('{id}', ids.milk);
        const res = await nobuy.raw(method.toUpperCase(), url, method === 'get' || method === 'delete' ? undefined : {});
        expect(res.status, `${method} ${url}`).toBe(403);
        expect(res.body.missingModule).toBe('demo');
      }
    expect((await nobuy.get('/api/nosuchmodule/catalogs/x')).status).toBe(404);
  });

  test('default roles get what the declarations grant: a storekeeper posts receipts but not sales', async () => {
    const roles = (await api.get('/api/admin/roles')).body;
    const storekeeper = roles.find((r: any) => r.code === 'storekeeper');
    await api.post('/api/admin/users', { email: 'keeper@demo.ru', fullName: 'Кладовщик Пётр', password: 'Sklad-Passw0rd', roleIds: [storekeeper.id] });
    const keeper = client(stack.url, await login(stack.url, 'keeper@demo.ru', 'Sklad-Passw0rd'));
    expect((await keeper.post('/api/demo/documents/receipts?post=true', { date: '2026-04-02', warehouse: ids['Основной'], lines: [{ item: ids.bread, quantity: '5', price: 100 }] })).status).toBe(201);
    const sale = await keeper.post('/api/demo/documents/sales', { date: '2026-04-02', warehouse: ids['Основной'], lines: [] });
    expect(sale.status).toBe(403);
    expect(sale.body.detail).toMatch(/«создание» на «Продажа»/);
    const meta = (await keeper.get('/api/demo/meta')).body;
    expect(meta.documents.map((d: any) => d.code)).toEqual(['receipts']);
    expect(meta.documents[0].allowedActions).toEqual(['read', 'create', 'update', 'post']);
  });
});
