import { expect } from 'vitest';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';
import type { Api } from '../trade/support';

/** A test stack with one company that bought «Торговля и склад» and «Бухгалтерия»; `api` acts as its administrator. */
export async function startAccountingCompany(label: string, company: { name: string; adminEmail: string }) {
  const stack = await startStack({ label });
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  const tenant = await onboardTenant(stack, ownerToken, { ...company, modules: ['trade', 'accounting'] });
  return { stack, ownerToken, tenant, api: client(stack.url, tenant.adminToken) };
}

/** Account ids of the tenant's chart by number («41.01» → id). */
export async function chartOf(api: Api): Promise<Record<string, string>> {
  const res = await api.get('/api/accounting/catalogs/accounts?limit=500');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return Object.fromEntries(res.body.items.map((a: { code: string; id: string }) => [a.code, a.id]));
}

/** The items of one of the module's small catalogs (статьи затрат, ДДС…) by name → id. */
export async function itemsOf(api: Api, catalog: string): Promise<Record<string, string>> {
  const res = await api.get(`/api/accounting/catalogs/${catalog}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return Object.fromEntries(res.body.items.map((i: { name: string; id: string }) => [i.name, i.id]));
}

/** Creates and posts an accounting document; a refusal fails the test with the server's answer. */
export async function postAccounting(api: Api, code: string, body: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await api.post(`/api/accounting/documents/${code}?post=true`, body);
  expect(res.status, `${code}: ${JSON.stringify(res.body)}`).toBe(201);
  return res.body;
}

/** Runs an accounting report and returns its rows and totals. */
export async function report(api: Api, code: string, params: Record<string, string>) {
  const res = await api.get(`/api/accounting/reports/${code}?${new URLSearchParams(params)}`);
  expect(res.status, `${code}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body as { items: Record<string, any>[]; totals: Record<string, number> };
}

/** ОСВ rows as [account, opening Дт, opening Кт, turnover Дт, turnover Кт, closing Дт, closing Кт], for a compact comparison. */
export const sheetRows = (items: Record<string, any>[]) =>
  items.map((r) => [r.account_code, r.opening_debit, r.opening_credit, r.debit, r.credit, r.closing_debit, r.closing_credit]);

/** A tenant's schema name. */
export async function schemaOf(stack: TestStack, tenantId: string): Promise<string> {
  return (await stack.db.knex('platform.tenants').where({ id: tenantId }).first('schema_name')).schema_name;
}

/** The names of a tenant's schema tables. */
export async function tablesOf(stack: TestStack, tenantId: string): Promise<string[]> {
  return stack.db.knex('information_schema.tables').where({ table_schema: await schemaOf(stack, tenantId) }).pluck('table_name');
}
