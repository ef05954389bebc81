import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { client, login, onboardTenant, type TestStack } from '../support/stack';
import { createItem, type Api } from '../trade/support';
import { accountingMigrations } from '../../src/modules/accounting/migrations';
import { chartOf, itemsOf, postAccounting, report, schemaOf, startAccountingCompany, tablesOf } from './support';

/**
 * The chart of accounts «Хозрасчётный» arrives with the module: seeded into a tenant that buys accounting,
 * absent (with every accounting table) from one that does not; the accountant adds a sub-account that
 * keeps its parent's analytics, and the parent then takes no entries.
 */
let stack: TestStack;
let ownerToken: string;
let api: Api;
let tenantId: string;
let chart: Record<string, string>;

beforeAll(async () => {
  const t = await startAccountingCompany('accounting-chart', { name: 'ООО «Баланс»', adminEmail: 'admin@balans.ru' });
  stack = t.stack;
  ownerToken = t.ownerToken;
  api = t.api;
  tenantId = t.tenant.tenantId;
  chart = await chartOf(api);
});
afterAll(() => stack?.close());

describe('the chart is seeded with the module', () => {
  test('a tenant with accounting has «Хозрасчётный»: 90 accounts with 1C names, kinds, analytics and quantity accounting', async () => {
    // 90 = the accounts of the list with their groups (CHART in chart.ts), plus 000 and 90.08 / 90.08.1 (26 under direct costing).
    expect(Object.keys(chart)).toHaveLength(90);
    const rows = (await report(api, 'chart_of_accounts', {})).items;
    const row = (code: string) => rows.find((r) => r.code === code);
    expect(row('000')).toMatchObject({ name: 'Вспомогательный', kind: 'Активно-пассивный', analytics: '', postable: true });
    expect(row('41')).toMatchObject({ name: 'Товары', postable: false });
    expect(row('41.01')).toMatchObject({ name: 'Товары на складах', kind: 'Активный', analytics: 'Номенклатура, Склады', quantity: true, postable: true });
    expect(row('60.01')).toMatchObject({ kind: 'Активно-пассивный', analytics: 'Контрагенты, Договоры, Документы расчётов с контрагентами', quantity: false });
    expect(row('62.02')).toMatchObject({ name: 'Расчеты по авансам полученным' });
    expect(row('68.04.1')).toMatchObject({ name: 'Расчеты с бюджетом', analytics: 'Виды платежей в бюджет' });
    expect(row('76.АВ')).toMatchObject({ name: 'НДС по авансам и предоплатам', kind: 'Активный' });
    expect(row('76.ВА')).toMatchObject({ kind: 'Пассивный' });
    expect(row('90.01.1')).toMatchObject({ name: 'Выручка по деятельности с основной системой налогообложения', kind: 'Пассивный', postable: true });
    expect(row('90.01')).toMatchObject({ postable: false });
    expect(row('91.09')).toMatchObject({ analytics: '' });
    expect(row('99')).toMatchObject({ name: 'Прибыли и убытки', postable: true });
    // The chart comes in order of account numbers: 000, 01, 02, 08, 10, 10.01…
    expect(rows.slice(0, 6).map((r) => r.code)).toEqual(['000', '01', '02', '08', '10', '10.01']);
    // Sub-accounts point at their parent.
    const a4101 = (await api.get(`/api/accounting/catalogs/accounts/${chart['41.01']}`)).body;
    expect(a4101.parent_id).toBe(chart['41']);
    // What the engine's pages are drawn from: the module's menu groups and declarations.
    const meta = await api.get('/api/accounting/meta');
    expect(meta.status).toBe(200);
    expect(JSON.stringify(meta.body)).toContain('turnover_balance_sheet');
    // Standard items of the small catalogs.
    const costItems = (await api.get('/api/accounting/catalogs/cost_items')).body.items.map((i: any) => i.name);
    expect(costItems).toContain('Прочие расходы');
    expect((await api.get('/api/accounting/catalogs/cash_flow_items')).body.items.map((i: any) => i.name)).toContain('Оплата от покупателей');
  });

  test('a tenant without accounting has no accounting tables and no accounting routes', async () => {
    const t = await onboardTenant(stack, ownerToken, { name: 'Только торговля', adminEmail: 'admin@only-trade.ru', modules: ['trade'] });
    const names = await tablesOf(stack, t.tenantId);
    expect(names).toContain('c_trade_products');
    expect(names.filter((n) => /^(c|d|r)_accounting_/.test(n))).toEqual([]);
    const res = await client(stack.url, t.adminToken).get('/api/accounting/catalogs/accounts');
    expect(res.status).toBe(403);
    // The tenant with accounting has its journal with month and day totals.
    const mine = await tablesOf(stack, tenantId);
    expect(mine).toEqual(expect.arrayContaining(['c_accounting_accounts', 'r_accounting_entries', 'r_accounting_entries__totals', 'r_accounting_entries__daily', 'd_accounting_operation']));
  });

  test('buying accounting later seeds the chart at once', async () => {
    const t = await onboardTenant(stack, ownerToken, { name: 'Покупает позже', adminEmail: 'admin@later.ru', modules: ['trade'] });
    const admin = client(stack.url, t.adminToken);
    expect((await admin.post('/api/admin/subscription/modules/accounting')).status).toBe(200);
    expect(Object.keys(await chartOf(admin))).toHaveLength(90);
  });
});

describe('a company from before a release', () => {
  test('migration 1 gives a chart without 90.08 its 90.08 «Управленческие расходы» and 90.08.1, once', async () => {
    const schema = await schemaOf(stack, tenantId);
    const table = `${schema}.c_accounting_accounts`;
    // As a company that bought the module before 90.08 was in the chart.
    await stack.db.knex(table).whereIn('code', ['90.08.1', '90.08']).delete();
    const migrate = () => stack.db.knex.transaction((trx) => accountingMigrations[0].up(trx, `"${schema}"`));
    await migrate();
    const rows = await stack.db.knex(table).whereIn('code', ['90', '90.08', '90.08.1']).orderBy('code').select('id', 'code', 'name', 'parent_id', 'is_group', 'kind');
    expect(rows.map((r) => [r.code, r.name, r.is_group, r.kind])).toEqual([
      ['90', 'Продажи', true, 'active_passive'],
      ['90.08', 'Управленческие расходы', true, 'active'],
      ['90.08.1', 'Управленческие расходы по деятельности с основной системой налогообложения', false, 'active'],
    ]);
    expect([rows[1].parent_id, rows[2].parent_id]).toEqual([rows[0].id, rows[1].id]);
    // The same ids as a new company's, so a second run changes nothing.
    expect([rows[1].id, rows[2].id]).toEqual([chart['90.08'], chart['90.08.1']]);
    await migrate();
    expect(await stack.db.knex(table).whereIn('code', ['90.08', '90.08.1']).count({ n: '*' })).toEqual([{ n: '2' }]);
  });
});

describe('the accountant adds a sub-account', () => {
  test('51.01 under 51 keeps 51’s analytics; 51 then takes no entries, 51.01 does; a second 51.01 is refused', async () => {
    const roles = (await api.get('/api/admin/roles')).body as { id: string; code: string }[];
    const accountantRole = roles.find((r) => r.code === 'accountant')!.id;
    expect((await api.post('/api/admin/users', { email: 'buh@balans.ru', fullName: 'Бухгалтер', password: 'Ledger-Passw0rd-9', roleIds: [accountantRole] })).status).toBe(201);
    const accountant = client(stack.url, await login(stack.url, 'buh@balans.ru', 'Ledger-Passw0rd-9'));

    const sub = await accountant.post('/api/accounting/catalogs/accounts', { name: 'Расчётный счёт в Сбербанке', code: '51.01', parent_id: chart['51'] });
    expect(sub.status, JSON.stringify(sub.body)).toBe(201);
    const rows = (await report(accountant, 'chart_of_accounts', {})).items;
    expect(rows.find((r) => r.code === '51.01')).toMatchObject({ kind: 'Активный', analytics: 'Банковские счета, Статьи движения денежных средств', postable: true });
    expect(rows.find((r) => r.code === '51')).toMatchObject({ postable: false });

    const org = await createItem(accountant, 'organizations', { name: 'ООО «Баланс»', inn: '7707083893' });
    const founder = await createItem(accountant, 'counterparties', { name: 'Петров П. П.' });
    const other = (await itemsOf(accountant, 'cash_flow_items'))['Прочие поступления'];
    // Capital paid in: Дт 51 Кт 75.01 — refused, 51 has a sub-account now.
    const line = (dt: string) => ({ dt_account: chart[dt] ?? sub.body.id, dt_subconto1: '40702810300180001774', dt_subconto2: other, kt_account: chart['75.01'], kt_subconto1: founder, amount: 1000000 });
    const refused = await accountant.post('/api/accounting/documents/operation?post=true', { organization: org, date: '2026-01-15', content: 'Взнос в уставный капитал', lines: [line('51')] });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toBe('Счёт 51 «Расчетные счета» имеет субсчета — проводки делаются на субсчёт (например, 51.01).');
    const posted = await postAccounting(accountant, 'operation', { organization: org, date: '2026-01-15', content: 'Взнос в уставный капитал', lines: [line('51.01')] });
    expect(posted).toMatchObject({ status: 'posted', amount: 1000000 });
    const card = (await report(accountant, 'account_card', { account: chart['51'], from: '2026-01-01', to: '2026-01-31' })).items;
    // The card of 51 shows the entry on its sub-account: 10 000,00 from Петров on 75.01.
    expect(card.map((r) => [r.account_code ?? '', r.corr_account ?? '', r.debit ?? null, r.balance])).toEqual([
      ['', '', null, 0],
      ['51.01', '75.01', 1000000, 1000000],
    ]);
    expect(card[1].analytics).toBe('40702810300180001774, Прочие поступления');
    expect(card[1].corr_analytics).toBe('Петров П. П.');

    const twice = await accountant.post('/api/accounting/catalogs/accounts', { name: 'Ещё один', code: '51.01', parent_id: chart['51'] });
    expect(twice.status).toBe(409);
  });
});
