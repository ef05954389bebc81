import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Provisioner } from '../../../tenant-provisioner/src/provisioner';
import { client, login, nextInn, type TestStack } from '../support/stack';
import { createItem, postDocument, startTradeCompany } from './support';

/**
 * «Граница последовательности» and «Восстановление последовательности» of the cost of goods, November 2026.
 * Organizations on УСН (cost = the whole price), goods without VAT; money in kopecks, worked out by hand.
 */
let stack: TestStack;
let tenantId: string;
let admin: ReturnType<typeof client>;
let accountant: ReturnType<typeof client>;
let storekeeper: ReturnType<typeof client>;
let manager: ReturnType<typeof client>;
const id: Record<string, string> = {};

const create = (catalog: string, body: Record<string, unknown>) => createItem(admin, catalog, body);
const post = (code: string, body: Record<string, unknown>) => postDocument(accountant, code, body);
const sales = async (organization: string) => {
  const res = await accountant.get(`/api/trade/reports/sales_analysis?from=2026-11-01&to=2026-11-30&organization=${organization}`);
  expect(res.status).toBe(200);
  return res.body.totals as { quantity: string; revenue: number; cost: number; margin: number };
};
const costBalance = async (organization: string) =>
  (await admin.get(`/api/trade/registers/cost/balance?date=2026-11-30&organization=${organization}`)).body.items
    .filter((r: any) => r.quantity !== '0.000' || r.amount !== '0')
    .map((r: any) => [r.quantity, r.amount])
    .sort((a: string[], b: string[]) => Number(a[1]) - Number(b[1]));
const sequence = async () => {
  const res = await accountant.get('/api/trade/cost/sequence');
  expect(res.status).toBe(200);
  return res.body;
};

async function userWithRole(code: string, email: string) {
  const roles = (await admin.get('/api/admin/roles')).body;
  const role = roles.find((r: any) => r.code === code);
  const res = await admin.post('/api/admin/users', { email, fullName: email, password: 'Role-Passw0rd-1', roleIds: [role.id] });
  if (res.status !== 201) throw new Error(`user ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return client(stack.url, await login(stack.url, email, 'Role-Passw0rd-1', tenantId));
}

/** An organization with a supplier and a customer contract, a warehouse and one product. */
async function company(name: string, inn: string, cost_method: 'average' | 'fifo') {
  const org = await create('organizations', { name, inn, vat_status: 'usn', cost_method });
  const supplier = await create('counterparties', { name: `Поставщик ${name}`, inn: nextInn(), is_supplier: true });
  const customer = await create('counterparties', { name: `Покупатель ${name}`, inn: nextInn(), is_customer: true });
  return {
    org,
    warehouse: await create('warehouses', { name: `Склад ${name}` }),
    product: await create('products', { name: `Чайник ${name}`, vat_rate: 'none' }),
    supplier,
    customer,
    buyContract: await create('contracts', { name: 'Закупка', owner_id: supplier, organization: org, kind: 'supplier' }),
    saleContract: await create('contracts', { name: 'Продажа', owner_id: customer, organization: org, kind: 'customer' }),
  };
}
type Company = Awaited<ReturnType<typeof company>>;
const receipt = (c: Company, date: string, quantity: string, price: number) =>
  post('receipt', { date, organization: c.org, warehouse: c.warehouse, counterparty: c.supplier, contract: c.buyContract, goods: [{ product: c.product, quantity, price, vat_rate: 'none' }] });
const sale = (c: Company, date: string, quantity: string, price: number) =>
  post('sale', { date, organization: c.org, warehouse: c.warehouse, counterparty: c.customer, contract: c.saleContract, goods: [{ product: c.product, quantity, price, vat_rate: 'none' }] });

beforeAll(async () => {
  const t = await startTradeCompany('trade-cost-sequence', { name: 'Последовательность', adminEmail: 'admin@seq.ru' });
  stack = t.stack;
  tenantId = t.tenant.tenantId;
  admin = t.api;
  accountant = await userWithRole('accountant', 'buh@seq.ru');
  storekeeper = await userWithRole('storekeeper', 'sklad@seq.ru');
  manager = await userWithRole('sales_manager', 'sales@seq.ru');
});
afterAll(() => stack?.close());

describe('moving average', () => {
  let c: Company;
  let s1: any;

  test('documents posted in date order leave the sequence intact, and so does re-posting the latest one', async () => {
    c = await company('ООО «Средняя»', '7707083893', 'average');
    // R1 01.11: 10 × 100,00 = 1 000,00. S1 10.11: 5 at the average 100,00 → cost 500,00, revenue 5 × 200,00 = 1 000,00.
    await receipt(c, '2026-11-01', '10', 10000);
    s1 = await sale(c, '2026-11-10', '5', 20000);
    expect(await sequence()).toEqual([]);
    expect((await accountant.post(`/api/trade/documents/sale/${s1.id}/post`)).status).toBe(200);
    expect(await sequence()).toEqual([]);
    expect(await sales(c.org)).toMatchObject({ revenue: 100000, cost: 50000, margin: 50000 });
  });

  test('a back-dated receipt breaks the sequence from its date; the sale keeps the cost it was posted with', async () => {
    // R2 05.11: 10 × 160,00 = 1 600,00, posted after S1 of 10.11.
    await receipt(c, '2026-11-05', '10', 16000);
    expect(await sequence()).toEqual([{ organization: c.org, organizationName: 'ООО «Средняя»', brokenFrom: '2026-11-05' }]);
    expect(await sales(c.org)).toMatchObject({ cost: 50000 });
    // 20 in − 5 out; 1 000,00 + 1 600,00 − 500,00 = 2 100,00.
    expect(await costBalance(c.org)).toEqual([['15.000', '210000']]);
  });

  test('only the accountant (and the admin) may see and restore the sequence', async () => {
    for (const who of [storekeeper, manager]) {
      const res = await who.post('/api/trade/cost/resequence', {});
      expect(res.status).toBe(403);
      expect(res.contentType).toContain('application/problem+json');
      expect((await who.get('/api/trade/cost/sequence')).status).toBe(403);
    }
    expect((await admin.get('/api/trade/cost/sequence')).status).toBe(200);
    expect((await accountant.post('/api/trade/cost/resequence', { from: '05.11.2026' })).status).toBe(400);
  });

  test('a date in a closed period is refused and nothing changes; a period with a broken sequence inside cannot be closed', async () => {
    expect((await admin.put('/api/admin/period-lock', { closedThrough: '2026-11-03' })).status).toBe(200);
    const refused = await accountant.post('/api/trade/cost/resequence', { organization: c.org, from: '2026-11-02' });
    expect(refused.status).toBe(422);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body.detail).toBe(
      'Период по 03.11.2026 закрыт: восстановить последовательность с 02.11.2026 нельзя — документы закрытого периода не перепроводятся. Укажите дату после 03.11.2026 или откройте период (раздел «Закрытие периода»).',
    );
    expect(await sales(c.org)).toMatchObject({ cost: 50000 });
    expect(await sequence()).toEqual([{ organization: c.org, organizationName: 'ООО «Средняя»', brokenFrom: '2026-11-05' }]);

    const closing = await admin.put('/api/admin/period-lock', { closedThrough: '2026-11-07' });
    expect(closing.status).toBe(422);
    expect(closing.body.detail).toBe(
      'Нельзя закрыть период по 07.11.2026: последовательность «Себестоимость товаров» (ООО «Средняя») нарушена с 05.11.2026. Сначала выполните восстановление последовательности, затем закройте период.',
    );
    expect((await admin.get('/api/admin/period-lock')).body).toEqual({ closedThrough: '2026-11-03' });
    expect((await admin.put('/api/admin/period-lock', { closedThrough: null })).status).toBe(200);
  });

  test('restoring re-posts from the break in date order: the sale now costs the average of 20 pieces', async () => {
    const res = await accountant.post('/api/trade/cost/resequence', {});
    expect(res.status).toBe(200);
    // R2 and S1 re-posted. S1: (1 000,00 + 1 600,00) / 20 = 130,00 → 5 × 130,00 = 650,00.
    // Left: 15 pieces for 2 600,00 − 650,00 = 1 950,00 (was 2 100,00).
    expect(res.body).toEqual([{ organization: c.org, from: '2026-11-05', documentsReposted: 2, costBefore: 50000, costAfter: 65000, balanceBefore: 210000, balanceAfter: 195000 }]);
    expect(await sales(c.org)).toMatchObject({ quantity: '5', revenue: 100000, cost: 65000, margin: 35000 });
    expect(await costBalance(c.org)).toEqual([['15.000', '195000']]);
    expect(await sequence()).toEqual([]);
    // The sale itself was re-posted (storno and new movements), and the restoration is in the audit log.
    expect((await accountant.get(`/api/trade/documents/sale/${s1.id}`)).body).toMatchObject({ status: 'posted', revision: 3 });
    const audit = await stack.db.knex('platform.audit_log').where({ tenant_id: tenantId, action: 'resequence', entity: 'trade.cost_sequence' }).select('entity_id', 'after');
    expect(audit).toEqual([{ entity_id: c.org, after: expect.objectContaining({ documentsReposted: 2, costAfter: 65000 }) }]);
    // Nothing left to restore.
    expect((await accountant.post('/api/trade/cost/resequence', {})).body).toEqual([]);
  });

  test('two sales of one day both take the day’s average after restoring', async () => {
    // S2 and S3 20.11: 3 + 3 at 1 950,00 / 15 = 130,00 → 390,00 each. Then a back-dated R3 15.11: 5 × 190,00 = 950,00.
    // In date order: 20 pieces for 1 950,00 + 950,00 = 2 900,00 → 145,00; S2 435,00, S3 435,00 (not 3 × 150,00 then 3 × 140,00).
    await sale(c, '2026-11-20', '3', 20000);
    await sale(c, '2026-11-20', '3', 20000);
    await receipt(c, '2026-11-15', '5', 19000);
    expect(await sequence()).toEqual([expect.objectContaining({ organization: c.org, brokenFrom: '2026-11-15' })]);
    const res = await accountant.post('/api/trade/cost/resequence', { organization: c.org });
    expect(res.body).toEqual([{ organization: c.org, from: '2026-11-15', documentsReposted: 3, costBefore: 78000, costAfter: 87000, balanceBefore: 195000 + 95000 - 78000, balanceAfter: 290000 - 87000 }]);
    expect(await sales(c.org)).toMatchObject({ cost: 65000 + 87000 });
    expect(await costBalance(c.org)).toEqual([['14.000', '203000']]);
  });
});

describe('FIFO', () => {
  let c: Company;
  let early: any;

  test('a back-dated cheaper batch is consumed first after restoring; cancelling it breaks the sequence again', async () => {
    c = await company('ИП Партионный', '500100732259', 'fifo');
    // A 03.11: 10 × 100,00. S 10.11: 5 from A → 500,00.
    await receipt(c, '2026-11-03', '10', 10000);
    await sale(c, '2026-11-10', '5', 20000);
    expect(await sales(c.org)).toMatchObject({ cost: 50000 });
    // B 01.11 (back-dated, cheaper): 10 × 60,00 — the older batch.
    early = await receipt(c, '2026-11-01', '10', 6000);
    expect(await sequence()).toEqual([{ organization: c.org, organizationName: 'ИП Партионный', brokenFrom: '2026-11-01' }]);
    const res = await accountant.post('/api/trade/cost/resequence', { organization: c.org });
    // B, A, S re-posted; S takes 5 from B: 300,00. Left: B 5 for 300,00, A 10 for 1 000,00.
    expect(res.body).toEqual([{ organization: c.org, from: '2026-11-01', documentsReposted: 3, costBefore: 50000, costAfter: 30000, balanceBefore: 110000, balanceAfter: 130000 }]);
    expect(await sales(c.org)).toMatchObject({ cost: 30000, margin: 70000 });
    expect(await costBalance(c.org)).toEqual([['5.000', '30000'], ['10.000', '100000']]);
    expect(await sequence()).toEqual([]);

    // Cancelling B (dated before the sale) breaks the sequence from its date; restoring puts the sale back on A.
    expect((await accountant.post(`/api/trade/documents/receipt/${early.id}/cancel`)).status).toBe(200);
    expect(await sequence()).toEqual([expect.objectContaining({ organization: c.org, brokenFrom: '2026-11-01' })]);
    const again = await accountant.post('/api/trade/cost/resequence', {});
    expect(again.body).toEqual([expect.objectContaining({ organization: c.org, from: '2026-11-01', documentsReposted: 2, costBefore: 30000, costAfter: 50000, balanceAfter: 50000 })]);
    expect(await costBalance(c.org)).toEqual([['5.000', '50000']]);
  });
});

describe('schema', () => {
  test('migrate-all creates the sequence table in an existing tenant that lacks it', async () => {
    const schema = (await stack.db.knex('platform.tenants').where({ id: tenantId }).first('schema_name')).schema_name;
    await stack.db.knex.raw(`DROP TABLE "${schema}".r_trade_cost__sequence`);
    // The trade tables as a release before the sequence table had them.
    await stack.db.knex('platform.tenant_module_schemas').where({ tenant_id: tenantId, module_code: 'trade' }).update({ shape_hash: 'before-cost-sequence' });
    const report = await new Provisioner(stack.db, stack.definition).migrateAll();
    expect(report).toMatchObject({ failed: [] });
    expect(report.upgraded).toBeGreaterThanOrEqual(1);
    expect(await sequence()).toEqual([]);
  });
});
