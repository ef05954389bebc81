import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { billingTime } from '../billing/support';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';

/**
 * The owner's catalogue: titles, prices by date and availability, on fixed dates (billing's clock).
 * Prices (module definitions): trade 1 900,00 ₽, notes 1 200,00 ₽ a month, VAT included.
 * Company «Альфа» (trade) is onboarded on 2 March 2026; its 14-day trial ends on 15 March.
 */
let stack: TestStack;
let time: ReturnType<typeof billingTime>;
let owner: ReturnType<typeof client>;
let alpha: { tenantId: string; admin: ReturnType<typeof client> };

const problem = (res: { status: number; contentType: string; body: any }, status: number) => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.contentType).toContain('application/problem+json');
  expect(res.body.detail).toMatch(/[А-Яа-яЁё]/);
};
const invoiceOf = async (period: string) => (await alpha.admin.get('/api/admin/billing/invoices')).body.items.find((i: { periodStart: string }) => i.periodStart === period);
const catalogueModule = async (code: string) => (await owner.get('/api/owner/modules')).body.find((m: { code: string }) => m.code === code);

beforeAll(async () => {
  stack = await startStack({ label: 'module_prices' });
  time = billingTime(stack);
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  owner = client(stack.url, ownerToken);
  time.setDay('2026-03-02');
  const a = await onboardTenant(stack, ownerToken, { name: 'ООО «Альфа»', adminEmail: 'admin@alfa-prices.test', modules: ['trade'] });
  await stack.db.knex('platform.tenants').where({ id: a.tenantId }).update({ created_at: '2026-03-02T07:00:00Z' });
  alpha = { tenantId: a.tenantId, admin: client(stack.url, a.adminToken) };
});
afterAll(() => stack?.close());

describe('prices by date', () => {
  test('the March invoice is issued at 1 900,00 ₽ a month', async () => {
    expect((await time.cycle('2026-03-16')).invoicesIssued).toBe(1);
    // 16…31 March = 16 of 31 days: 190000 × 16 / 31 = 98064.516… → 98065
    expect(await invoiceOf('2026-03-16')).toMatchObject({ totalKopecks: 98065, lines: [{ module: 'trade', monthlyPriceKopecks: 190000, amountKopecks: 98065 }] });
  });

  test('the owner changes the title and sets a new price from 1 April; a day in the past is refused', async () => {
    time.setDay('2026-03-20');
    const past = await owner.put('/api/owner/modules/trade', { monthlyPriceKopecks: 250000, priceFrom: '2026-03-19' });
    problem(past, 400);
    expect(past.body.errors).toEqual([expect.objectContaining({ field: 'priceFrom' })]);
    problem(await owner.put('/api/owner/modules/trade', { priceFrom: '2026-04-01' }), 400); // a date without a price
    problem(await owner.put('/api/owner/modules/trade', { monthlyPriceKopecks: 250000, priceFrom: '2026-02-30' }), 400);

    const changed = await owner.put('/api/owner/modules/trade', { title: 'Торговля и склад Про', titleEn: 'Trade and warehouse Pro', description: 'Закупки, продажи, склад', monthlyPriceKopecks: 250000, priceFrom: '2026-04-01' });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({
      title: 'Торговля и склад Про',
      titleEn: 'Trade and warehouse Pro',
      description: 'Закупки, продажи, склад',
      monthlyPriceKopecks: 190000, // still today's price
      nextPrice: { validFrom: '2026-04-01', monthlyPriceKopecks: 250000 },
    });
    expect(changed.body.prices).toEqual([
      expect.objectContaining({ validFrom: '2026-04-01', monthlyPriceKopecks: 250000, createdBy: OWNER.email }),
      expect.objectContaining({ validFrom: '2000-01-01', monthlyPriceKopecks: 190000 }),
    ]);

    // The company admin sees the new title, today's price and the coming one; its menu has the new title.
    const mine = (await alpha.admin.get('/api/admin/modules')).body.find((m: { code: string }) => m.code === 'trade');
    expect(mine).toMatchObject({ title: 'Торговля и склад Про', monthlyPriceKopecks: 190000, nextPrice: { validFrom: '2026-04-01', monthlyPriceKopecks: 250000 }, enabled: true });
    expect((await alpha.admin.get('/api/me')).body.modules.find((m: { code: string }) => m.code === 'trade').title).toBe('Торговля и склад Про');
    expect((await owner.get('/api/owner/tenants')).body.items.find((t: { id: string }) => t.id === alpha.tenantId).monthlyKopecks).toBe(190000);
  });

  test('the invoice issued before keeps its amount; April is invoiced at the new price', async () => {
    expect((await invoiceOf('2026-03-16')).totalKopecks).toBe(98065);
    expect((await time.cycle('2026-04-01')).invoicesIssued).toBe(1);
    const april = await invoiceOf('2026-04-01');
    expect(april).toMatchObject({ totalKopecks: 250000, lines: [{ module: 'trade', monthlyPriceKopecks: 250000, amountKopecks: 250000 }] });
    expect(april.lines[0].description).toContain('«Торговля и склад Про»');
    expect((await invoiceOf('2026-03-16')).totalKopecks).toBe(98065);
    expect((await owner.get('/api/owner/billing/clients')).body.items.find((c: { id: string }) => c.id === alpha.tenantId).monthlyKopecks).toBe(250000);
  });

  test('a module added mid-month is charged at the price of that day', async () => {
    time.setDay('2026-04-05');
    expect((await owner.put('/api/owner/modules/notes', { monthlyPriceKopecks: 150000, priceFrom: '2026-04-10' })).status).toBe(200);
    time.setDay('2026-04-12');
    const added = await alpha.admin.post('/api/admin/subscription/modules/notes');
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    // 12…30 April = 19 of 30 days at the price from 10 April: 150000 × 19 / 30 = 95000 (the old price would give 76000)
    expect(added.body.chargeKopecks).toBe(95000);
    expect(added.body.subscription.modules.find((m: { code: string }) => m.code === 'notes').monthlyPriceKopecks).toBe(150000);
    // Removed again the same day: the same amount back.
    expect((await alpha.admin.delete('/api/admin/subscription/modules/notes')).body.chargeKopecks).toBe(-95000);
  });
});

describe('availability', () => {
  test('a module taken off sale is not offered at onboarding nor to an admin; a company that has it keeps it', async () => {
    const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
    const keeper = await onboardTenant(stack, ownerToken, { name: 'ООО «Хранитель»', adminEmail: 'admin@keeper-prices.test', modules: ['trade', 'notes'] });
    const newcomer = await onboardTenant(stack, ownerToken, { name: 'ООО «Новичок»', adminEmail: 'admin@new-prices.test', modules: ['trade'] });
    const keeperAdmin = client(stack.url, keeper.adminToken);
    const newcomerAdmin = client(stack.url, newcomer.adminToken);
    expect((await newcomerAdmin.get('/api/admin/modules')).body.map((m: { code: string }) => m.code)).toContain('notes');

    const off = await owner.put('/api/owner/modules/notes', { available: false });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ available: false, sellable: false });

    const refused = await owner.post('/api/owner/tenants', { name: 'ООО «Поздний»', inn: '7707083893', adminEmail: 'admin@late-prices.test', adminPassword: 'Admin-Passw0rd-1', modules: ['notes'] });
    problem(refused, 400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'modules' })]);
    expect(refused.body.detail).toContain('«Заметки»');

    expect((await newcomerAdmin.get('/api/admin/modules')).body.map((m: { code: string }) => m.code)).not.toContain('notes');
    problem(await newcomerAdmin.post('/api/admin/subscription/modules/notes'), 422);

    // The keeper still has it: listed as connected (no longer offered), in its menu, its API open.
    expect((await keeperAdmin.get('/api/admin/modules')).body.find((m: { code: string }) => m.code === 'notes')).toMatchObject({ enabled: true, offered: false });
    expect((await keeperAdmin.get('/api/me')).body.modules.map((m: { code: string }) => m.code)).toContain('notes');
    expect((await keeperAdmin.get('/api/notes/meta')).status).toBe(200);
    expect((await keeperAdmin.get('/api/admin/subscription')).body.modules.map((m: { code: string }) => m.code)).toContain('notes');

    // Back on sale: offered again.
    expect((await owner.put('/api/owner/modules/notes', { available: true })).body.sellable).toBe(true);
    expect((await newcomerAdmin.get('/api/admin/modules')).body.map((m: { code: string }) => m.code)).toContain('notes');
  });

  test('the admin sees what a module needs bought first', async () => {
    const accounting = (await alpha.admin.get('/api/admin/modules')).body.find((m: { code: string }) => m.code === 'accounting');
    expect(accounting).toMatchObject({ depends: ['trade'], enabled: false, offered: true });
    expect(await catalogueModule('accounting')).toMatchObject({ depends: ['trade'], built: true, sellable: true });
  });

  test('a module that is not built (no backend, no interface) is never offered', async () => {
    await stack.db.knex('platform.modules').insert({ code: 'ledger', title: 'Бухгалтерия', title_en: 'Accounting', monthly_price_kopecks: 250000 });
    expect(await catalogueModule('ledger')).toMatchObject({ built: false, sellable: false, available: true, monthlyPriceKopecks: 250000 });
    expect((await alpha.admin.get('/api/admin/modules')).body.map((m: { code: string }) => m.code)).not.toContain('ledger');
  });
});

describe('unknown module codes', () => {
  test('answer 404 problem+json in Russian', async () => {
    problem(await owner.put('/api/owner/modules/nosuch', { title: 'Что-то' }), 404);
    problem(await owner.post('/api/owner/modules/nosuch/ui-versions', { version: '1.0.0', remoteEntry: '/mf/x/remoteEntry.js' }), 404);
    problem(await owner.put(`/api/owner/tenants/${alpha.tenantId}/modules/nosuch/ui-pin`, { version: null }), 404);
    problem(await owner.put(`/api/owner/tenants/${alpha.tenantId}/modules/notes/ui-pin`, { version: null }), 404); // a module the company has not got
    problem(await owner.put('/api/owner/modules/Not%20A%20Code', { monthlyPriceKopecks: 100 }), 404);
    problem(await alpha.admin.post('/api/admin/subscription/modules/nosuch'), 404);
  });
});
