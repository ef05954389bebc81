import { expect } from 'vitest';
import { client, login, onboardTenant, OWNER, startStack } from '../support/stack';

export type Api = ReturnType<typeof client>;

/** A test stack with one company that bought «Торговля и склад»; `api` acts as its administrator. */
export async function startTradeCompany(label: string, company: { name: string; adminEmail: string }) {
  const stack = await startStack({ label });
  const owner = await login(stack.url, OWNER.email, OWNER.password);
  const tenant = await onboardTenant(stack, owner, { ...company, modules: ['trade'] });
  return { stack, tenant, api: client(stack.url, tenant.adminToken) };
}

/** Creates a catalog item through the API and returns its id; a refusal fails the test with the server's answer. */
export async function createItem(api: Api, catalog: string, body: Record<string, unknown>): Promise<string> {
  const res = await api.post(`/api/trade/catalogs/${catalog}`, body);
  expect(res.status, `${catalog}: ${JSON.stringify(res.body)}`).toBe(201);
  return res.body.id as string;
}

/** Creates and posts a document through the API and returns it; a refusal fails the test with the server's answer. */
export async function postDocument(api: Api, code: string, body: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await api.post(`/api/trade/documents/${code}?post=true`, body);
  expect(res.status, `${code}: ${JSON.stringify(res.body)}`).toBe(201);
  return res.body;
}

/**
 * The organization the company got from its onboarding requisites (trade's seed: name, ИНН, КПП), completed with
 * `fields` (address, head, bank account…) as its admin would; returns its id.
 */
export async function completeCompanyOrganization(api: Api, fields: Record<string, unknown>): Promise<string> {
  const [org] = (await api.get('/api/trade/catalogs/organizations')).body.items;
  const res = await api.patch(`/api/trade/catalogs/organizations/${org.id}`, fields);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return org.id as string;
}
