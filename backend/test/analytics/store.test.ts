import { createClient } from '@clickhouse/client';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FactKind } from '../../src/modules/analytics/facts';
import { ClickHouseFactStore, PgFactStore, type FactStore } from '../../src/modules/analytics/store';
import { analyticsSubscriber } from '../../src/modules/analytics/subscriber';
import { OutboxDispatcher } from '../../src/platform/engine/events';
import { startClickHouse, type TestClickHouse } from '../support/clickhouse';
import { client, login, nextInn, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';
import { completeCompanyOrganization, createItem, postDocument, type Api } from '../trade/support';

/**
 * The analytic store in both its forms over one scripted business month (February and March 2026, VAT 22 %,
 * prices with VAT): the backend runs with CLICKHOUSE_URL (its dashboards read ClickHouse), and a second subscriber
 * keeps the PostgreSQL store of the same companies, so both are compared with the registers and with each other.
 * Money in kopecks, quantities in units.
 */
let ch: TestClickHouse;
let stack: TestStack;
let chStore: ClickHouseFactStore;
const pgStore = new PgFactStore();
let live: OutboxDispatcher; // the module's own subscriber (ClickHouse, as CLICKHOUSE_URL says)
let pg: OutboxDispatcher; // the same subscriber writing the PostgreSQL store
const A = { id: {} as Record<string, string>, docs: {} as Record<string, any> } as { api: Api; token: string; schema: string; tenantId: string; id: Record<string, string>; docs: Record<string, any> };
const B = { id: {} as Record<string, string>, docs: {} as Record<string, any> } as typeof A;

const drain = async () => {
  await live.drain();
  await pg.drain();
};

async function company(name: string, email: string, into: typeof A) {
  const owner = await login(stack.url, OWNER.email, OWNER.password);
  const tenant = await onboardTenant(stack, owner, { name, adminEmail: email, modules: ['trade', 'analytics'] });
  into.api = client(stack.url, tenant.adminToken);
  into.token = tenant.adminToken;
  into.tenantId = tenant.tenantId;
  into.schema = (await stack.db.knex('platform.tenants').where({ id: tenant.tenantId }).first('schema_name')).schema_name;
  into.id.org = await completeCompanyOrganization(into.api, { bik: '044525311', account: '40702810300180001774', address: 'г. Москва, ул. Тверская, д. 1', head: 'Иванов И. И.' });
  into.id.main = await createItem(into.api, 'warehouses', { name: 'Основной' });
  into.id.supplier = await createItem(into.api, 'counterparties', { name: 'ООО «Поставщик»', inn: nextInn(), is_supplier: true });
  into.id.buyContract = await createItem(into.api, 'contracts', { name: 'Договор закупки', owner_id: into.id.supplier, organization: into.id.org, kind: 'supplier' });
}

const customer = async (c: typeof A, key: string, name: string) => {
  c.id[key] = await createItem(c.api, 'counterparties', { name, inn: nextInn(), is_customer: true, legal_address: 'г. Тверь' });
  c.id[`${key}Contract`] = await createItem(c.api, 'contracts', { name: `Договор с ${name}`, owner_id: c.id[key], organization: c.id.org, kind: 'customer' });
};
const sale = (c: typeof A, date: string, who: string, goods: { product: string; quantity: string; price: number }[]) =>
  postDocument(c.api, 'sale', { date, organization: c.id.org, warehouse: c.id.main, counterparty: c.id[who], contract: c.id[`${who}Contract`], goods });

beforeAll(async () => {
  ch = await startClickHouse();
  process.env.CLICKHOUSE_URL = ch.url;
  chStore = new ClickHouseFactStore(createClient({ url: ch.url }));
  stack = await startStack({ label: 'analytics' });
  live = new OutboxDispatcher(stack.db, stack.definition.subscribers.filter((s) => s.name === 'analytics'));
  pg = new OutboxDispatcher(stack.db, [{ ...analyticsSubscriber(async () => pgStore), name: 'analytics-pg' }]);

  await company('ООО «Альфа»', 'admin@alfa.ru', A);
  A.id.kitchen = await createItem(A.api, 'products', { name: 'Кухня', is_group: true });
  A.id.kettle = await createItem(A.api, 'products', { name: 'Чайник', article: 'KT-1', parent_id: A.id.kitchen });
  A.id.iron = await createItem(A.api, 'products', { name: 'Утюг', article: 'IR-1' });
  await customer(A, 'first', 'ООО «Первый»');
  await customer(A, 'second', 'ООО «Второй»');

  await company('ООО «Бета»', 'admin@beta.ru', B);
  B.id.lamp = await createItem(B.api, 'products', { name: 'Лампа' });
  await customer(B, 'buyer', 'ООО «Покупатель Беты»');
}, 240_000);
afterAll(async () => {
  await stack?.close();
  await chStore?.close();
  await ch?.stop();
});

/** Sums by product and month straight from a company's registers (direction × resource, storno rows included). */
async function registerSums(schema: string) {
  const k = stack.db.knex;
  const rows = async (table: string, kind: FactKind, amount: string, cost = '0') =>
    (
      await k.raw(
        `SELECT '${kind}' AS kind, coalesce(${kind === 'money' ? 'NULL' : 'product::text'}, '') AS product, to_char(date_trunc('month', period), 'YYYY-MM-DD') AS month,
                sum(direction * ${kind === 'money' ? '0' : 'quantity'})::numeric AS quantity, sum(direction * ${amount})::bigint AS amount, sum(direction * ${cost})::bigint AS cost
           FROM "${schema}".${table} GROUP BY 1, 2, 3`,
      )
    ).rows;
  const all = [
    ...(await rows('r_trade_sales', 'sale', 'revenue', 'cost')),
    ...(await rows('r_trade_stock', 'stock', '0')),
    ...(await rows('r_trade_cost', 'cost', 'amount')),
    ...(await rows('r_trade_money', 'money', 'amount')),
  ];
  return Object.fromEntries(all.map((r: any) => [`${r.kind} ${r.product} ${r.month}`, `${Number(r.quantity)} ${r.amount} ${r.cost}`]));
}

/** The same sums from a store. */
async function storeSums(store: FactStore, schema: string) {
  const out: Record<string, string> = {};
  for (const kind of ['sale', 'stock', 'cost', 'money'] as const)
    for (const r of await store.query(stack.db.knex, schema, { kind, groupBy: kind === 'money' ? ['month'] : ['product', 'month'] }))
      out[`${kind} ${r.product ?? ''} ${r.month}`] = `${r.quantity / 1000} ${r.amount} ${r.cost}`;
  return out;
}

const count = async (store: FactStore, schema: string) => (await store.query(stack.db.knex, schema, { kind: 'sale' })).concat(await store.query(stack.db.knex, schema, { kind: 'stock' }))[0]!;

describe('a scripted month in both stores', () => {
  test('documents are posted, re-posted and cancelled; both stores get their movements', async () => {
    // February: 20 kettles at 1 000,00 and 10 irons at 2 000,00 without VAT; 2 kettles sold to «Первый»
    // for 2 × 3 050,00 = 6 100,00 with VAT 22 % → 5 000,00 revenue, cost 2 × 1 000,00.
    await postDocument(A.api, 'receipt', { date: '2026-02-02', organization: A.id.org, warehouse: A.id.main, counterparty: A.id.supplier, contract: A.id.buyContract, price_includes_vat: false, goods: [
      { product: A.id.kettle, quantity: '20', price: 100000 },
      { product: A.id.iron, quantity: '10', price: 200000 },
    ] });
    A.docs.f1 = await sale(A, '2026-02-15', 'first', [{ product: A.id.kettle, quantity: '2', price: 305000 }]);
    // March: S1 to «Первый»: kettles 6 × 3 050,00 → 15 000,00 (cost 6 000,00), irons 2 × 4 000,00 = 8 000,00 →
    // 8 000,00 / 1,22 = 6 557,38 (cost 4 000,00); S2 to «Второй»: kettles 3 → 7 500,00 (cost 3 000,00);
    // S3 to «Второй», an iron for 3 278,69, cancelled; S1 posted again (storno and new rows: the same sums).
    A.docs.s1 = await sale(A, '2026-03-10', 'first', [
      { product: A.id.kettle, quantity: '6', price: 305000 },
      { product: A.id.iron, quantity: '2', price: 400000 },
    ]);
    A.docs.s2 = await sale(A, '2026-03-20', 'second', [{ product: A.id.kettle, quantity: '3', price: 305000 }]);
    A.docs.s3 = await sale(A, '2026-03-25', 'second', [{ product: A.id.iron, quantity: '1', price: 400000 }]);
    await postDocument(A.api, 'money_in', { date: '2026-03-11', organization: A.id.org, counterparty: A.id.first, amount: 2000000, purpose: 'Оплата' });
    expect((await A.api.post(`/api/trade/documents/sale/${A.docs.s3.id}/cancel`)).status).toBe(200);
    expect((await A.api.post(`/api/trade/documents/sale/${A.docs.s1.id}/post`)).status).toBe(200);

    // «Бета»: 5 lamps bought at 500,00, 4 sold for 4 × 1 220,00 = 4 880,00 → 4 000,00 revenue.
    await postDocument(B.api, 'receipt', { date: '2026-03-01', organization: B.id.org, warehouse: B.id.main, counterparty: B.id.supplier, contract: B.id.buyContract, price_includes_vat: false, goods: [{ product: B.id.lamp, quantity: '5', price: 50000 }] });
    B.docs.s1 = await sale(B, '2026-03-05', 'buyer', [{ product: B.id.lamp, quantity: '4', price: 122000 }]);
    await drain();
  });

  test('facts equal the registers, by product and month, in PostgreSQL and in ClickHouse', async () => {
    for (const c of [A, B]) {
      const expected = await registerSums(c.schema);
      expect(await storeSums(pgStore, c.schema)).toEqual(expected);
      expect(await storeSums(chStore, c.schema)).toEqual(expected);
    }
    // The hand-computed March: 15 000,00 + 6 557,38 + 7 500,00 = 29 057,38 revenue, cost 13 000,00; S3 nets to 0.
    const [march] = await pgStore.query(stack.db.knex, A.schema, { kind: 'sale', from: '2026-03-01', to: '2026-03-31' });
    expect([march!.amount, march!.cost, march!.quantity]).toEqual([2905738, 1300000, 11000]);
  });

  test('a company never sees another company’s facts, in either store', async () => {
    const bDocs = [B.docs.s1.id];
    for (const store of [pgStore, chStore]) {
      const aDocs = (await store.query(stack.db.knex, A.schema, { kind: 'sale', groupBy: ['recorder'] })).map((r) => r.recorder_id);
      expect(aDocs).not.toEqual(expect.arrayContaining(bDocs));
      expect(aDocs).toHaveLength(4);
      const onlyB = await store.query(stack.db.knex, B.schema, { kind: 'sale', groupBy: ['product'] });
      expect(onlyB.map((r) => [r.product, r.amount])).toEqual([[B.id.lamp, 400000]]);
    }
    // Through the API (ClickHouse here): each company's dashboard sums its own sales only.
    const a = (await A.api.get('/api/analytics/sales?from=2026-03-01&to=2026-03-31')).body;
    const b = (await B.api.get('/api/analytics/sales?from=2026-03-01&to=2026-03-31')).body;
    expect([a.store, a.totals.revenue, b.totals.revenue]).toEqual(['clickhouse', 2905738, 400000]);
    expect(b.topProducts.map((p: any) => p.name)).toEqual(['Лампа']);
    // A company without the module has no dashboard.
    const owner = await login(stack.url, OWNER.email, OWNER.password);
    const other = await onboardTenant(stack, owner, { name: 'ООО «Без аналитики»', adminEmail: 'admin@none.ru', modules: ['trade'] });
    const refused = await client(stack.url, other.adminToken).get('/api/analytics/sales?from=2026-03-01&to=2026-03-31');
    expect(refused.status).toBe(403);
  });

  test('a delivery replayed after a crash adds nothing twice', async () => {
    // The store is written, then the process dies before the delivery is marked: the transaction rolls back
    // (PostgreSQL: the facts too; ClickHouse: they stay) and the event is delivered again.
    const crashing = (store: FactStore, name: string) =>
      new OutboxDispatcher(stack.db, [{ ...analyticsSubscriber(async () => Object.assign(Object.create(store), { add: async (...args: Parameters<FactStore['add']>) => { await store.add(...args); throw new Error('crash'); } })), name }]);
    const before = { pg: await count(pgStore, A.schema), ch: await count(chStore, A.schema) };
    // S4: a kettle to «Первый» for 3 050,00 → 2 500,00.
    await sale(A, '2026-03-28', 'first', [{ product: A.id.kettle, quantity: '1', price: 305000 }]);
    await crashing(chStore, 'analytics').runOnce();
    await crashing(pgStore, 'analytics-pg').runOnce();
    expect(await stack.db.knex('platform.outbox_failures').whereIn('subscriber', ['analytics', 'analytics-pg']).count({ n: '*' }).first()).toEqual({ n: '2' });
    await drain();
    for (const [store, was] of [[pgStore, before.pg], [chStore, before.ch]] as const) {
      const now = await count(store, A.schema);
      expect(now.amount - was.amount).toBe(250000);
    }
    expect(await storeSums(chStore, A.schema)).toEqual(await registerSums(A.schema));
    expect(await storeSums(pgStore, A.schema)).toEqual(await registerSums(A.schema));
  });

  test('the admin rebuilds the facts from the registers: the same sums', async () => {
    const res = await A.api.post('/api/analytics/rebuild');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.store).toBe('clickhouse');
    expect(await storeSums(chStore, A.schema)).toEqual(await registerSums(A.schema));
  });
});

describe('the sales dashboard', () => {
  const march = 'from=2026-03-01&to=2026-03-31';

  test('revenue, margin, the previous period, top products and clients', async () => {
    const res = await A.api.get(`/api/analytics/sales?${march}`);
    expect(res.status).toBe(200);
    const d = res.body;
    // March with S4: 29 057,38 + 2 500,00 = 31 557,38; cost 13 000,00 + 1 000,00; margin 17 557,38.
    expect(d.totals).toMatchObject({ revenue: 3155738, cost: 1400000, margin: 1755738, quantity: '12', documents: 4 });
    // The previous 31 days (29.01–28.02): F1, 5 000,00, cost 2 000,00.
    expect(d.previousPeriod).toEqual({ from: '2026-01-29', to: '2026-02-28' });
    expect(d.previousTotals).toMatchObject({ revenue: 500000, margin: 300000 });
    // March 2025: nothing sold.
    expect([d.yearBefore, d.yearBeforeTotals.revenue]).toEqual([{ from: '2025-03-01', to: '2025-03-31' }, 0]);
    expect(d.byMonth).toEqual([expect.objectContaining({ month: '2026-03-01', revenue: 3155738, previous: expect.objectContaining({ revenue: 500000 }) })]);
    // Kettles 6 + 3 + 1 = 10: 15 000,00 + 7 500,00 + 2 500,00 = 25 000,00; irons 6 557,38.
    expect(d.topProducts.map((p: any) => [p.name, p.revenue, p.quantity])).toEqual([['Чайник', 2500000, '10'], ['Утюг', 655738, '2']]);
    // «Первый»: 15 000,00 + 6 557,38 + 2 500,00 = 24 057,38; «Второй»: 7 500,00 (S3 cancelled).
    expect(d.topClients.map((p: any) => [p.name, p.revenue])).toEqual([['ООО «Первый»', 2405738], ['ООО «Второй»', 750000]]);
    expect(d.byManager).toHaveLength(1);
    expect(d.byManager[0].revenue).toBe(3155738);
  });

  test('filters by group, warehouse and organization', async () => {
    const kitchen = (await A.api.get(`/api/analytics/sales?${march}&group=${A.id.kitchen}`)).body;
    expect(kitchen.totals.revenue).toBe(2500000);
    const warehouse = (await A.api.get(`/api/analytics/sales?${march}&warehouse=${A.id.main}`)).body;
    expect(warehouse.totals.revenue).toBe(3155738);
    const otherOrg = (await A.api.get(`/api/analytics/sales?${march}&organization=${B.id.org}`)).body;
    expect(otherOrg.totals.revenue).toBe(0);
  });

  test('a bar drills down to its documents, with links to them', async () => {
    const res = await A.api.get(`/api/analytics/sales/documents?${march}&by=product&value=${A.id.kettle}`);
    expect(res.status).toBe(200);
    expect(res.body.map((d: any) => [d.id, d.revenue, d.link])).toEqual([
      [A.docs.s1.id, 1500000, `/m/trade/documents/sale/${A.docs.s1.id}`],
      [A.docs.s2.id, 750000, `/m/trade/documents/sale/${A.docs.s2.id}`],
      [expect.any(String), 250000, expect.stringMatching(/^\/m\/trade\/documents\/sale\//)],
    ]);
    expect(res.body[0].title).toBe(`Реализация № ${A.docs.s1.number} от 10.03.2026`);
  });

  test('a widget’s data as Excel', async () => {
    const res = await fetch(`${stack.url}/api/analytics/export?${march}&widget=top_products`, { headers: { authorization: `Bearer ${A.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as any);
    const rows = book.worksheets[0]!.getSheetValues().slice(1).map((r: any) => r.slice(1, 3));
    expect(rows).toEqual([['Товар', 'Выручка без НДС, ₽'], ['Чайник', 25000], ['Утюг', 6557.38]]);
  });

  test('bad input is refused in Russian', async () => {
    const res = await A.api.get('/api/analytics/sales?from=2026-03-31&to=2026-03-01');
    expect(res.status).toBe(400);
    expect(res.contentType).toContain('application/problem+json');
    expect(JSON.stringify(res.body)).toContain('Начало периода позже его конца');
    expect((await A.api.get('/api/analytics/forecast?from=2026-01-01&to=2026-03-31&horizon=7')).status).toBe(400);
  });
});

describe('stock and forecast', () => {
  test('stock value, turnover and ABC', async () => {
    const d = (await A.api.get('/api/analytics/stock?from=2026-03-01&to=2026-03-31')).body;
    // Kettles 20 − 2 − 10 = 8 at 1 000,00; irons 10 − 2 = 8 at 2 000,00: 24 000,00. ABC: kettles 25 000,00 of
    // 31 557,38 = 79,2 % → A; irons bring the running share to 100 % → C.
    expect(d.value).toBe(2400000);
    // Turnover = average stock value × 31 days / cost of goods sold in March: irons (20 000,00 + 16 000,00) / 2 × 31 /
    // 4 000,00 = 139,5 → 140; kettles (18 000,00 + 8 000,00) / 2 × 31 / 10 000,00 = 40,3 → 40; all (38 000,00 +
    // 24 000,00) / 2 × 31 / 14 000,00 = 68,6 → 69.
    expect(d.items.map((i: any) => [i.name, i.quantity, i.value, i.turnoverDays, i.abc])).toEqual([
      ['Утюг', 8000, 1600000, 140, 'C'],
      ['Чайник', 8000, 800000, 40, 'A'],
    ]);
    expect(d.turnoverDays).toBe(69);
  });

  test('«Деньги»: cash flow, money at the end, receivables and payables by age', async () => {
    const res = await A.api.get('/api/analytics/money?from=2026-03-01&to=2026-03-31');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const d = res.body;
    // The only money: 20 000,00 received from «Первый» on 11.03.
    expect(d.cashFlow).toEqual([{ month: '2026-03-01', inflow: 2000000, outflow: 0, net: 2000000 }]);
    expect(d.balance).toBe(2000000);
    // «Второй» owes S2, 3 × 3 050,00 = 9 150,00 of 20.03: 11 days (S3 cancelled nets to nothing).
    expect(d.receivables.find((r: any) => r.name === 'ООО «Второй»')).toMatchObject({ total: 915000, d0_30: 915000 });
    // We owe the supplier the receipt of 02.02: 40 000,00 + 22 % = 48 800,00, 57 days old.
    expect(d.payables.find((r: any) => r.name === 'ООО «Поставщик»')).toMatchObject({ total: 4880000, d31_60: 4880000 });
    // Each counterparty's receivable less payable is its balance in the settlements register.
    const balances = (await stack.db.knex.raw(`SELECT counterparty::text AS id, sum(direction * amount)::bigint AS amount FROM "${A.schema}".r_trade_settlements WHERE period <= '2026-03-31' GROUP BY 1`)).rows;
    for (const b of balances) {
      const of = (list: any[]) => list.find((r) => r.id === b.id)?.total ?? 0;
      expect(of(d.receivables) - of(d.payables)).toBe(Number(b.amount));
    }
  });

  test('a reorder suggestion: demand over the lead time and safety stock, less the stock', async () => {
    const res = await A.api.get('/api/analytics/reorder?from=2026-03-01&to=2026-03-31&lead_days=30');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const kettle = res.body.items.find((i: any) => i.name === 'Чайник');
    // 8 kettles in stock; twelve months of sales to 31.03: nine zeros, 2 in February, 10 in March.
    expect(kettle).toMatchObject({ stock: 8, method: 'holt' });
    expect(kettle.suggested).toBe(Math.max(0, Math.ceil(kettle.demand + kettle.safetyStock - 8)));
    // Safety stock: mean 12 / 12 = 1, standard deviation √((10 × 1² + 1² + 9²) / 11) = √(92 / 11) = 2,892;
    // 1,65 × 2,892 × √(30 / 30) = 4,772.
    expect(kettle.safetyStock).toBeCloseTo(4.772, 3);
    expect((await A.api.get('/api/analytics/reorder?from=2026-03-01&to=2026-03-31&lead_days=0')).status).toBe(400);
  });

  test('a forecast names its method and error', async () => {
    const res = await A.api.get(`/api/analytics/forecast?from=2026-01-01&to=2026-03-31&horizon=2&product=${A.id.kettle}`);
    expect(res.status).toBe(200);
    expect(res.body.method).toBe('holt');
    expect(res.body.history.map((h: any) => h.quantity)).toEqual([0, 2, 10]);
    expect(res.body.forecast.map((f: any) => f.month)).toEqual(['2026-04-01', '2026-05-01']);
  });
});
