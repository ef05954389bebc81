import { afterAll, beforeAll, expect, test } from 'vitest';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';
import { createItem } from './support';

/**
 * The company's requisites from onboarding become its first Организация in trade, so a new user issues a
 * Счёт without filling in a catalog first: at onboarding with trade, and when trade is bought later.
 */
let stack: TestStack;
let owner: string;

beforeAll(async () => {
  stack = await startStack({ label: 'first_org' });
  owner = await login(stack.url, OWNER.email, OWNER.password);
});
afterAll(() => stack?.close());

/** The organizations of a company as a person reads the catalog: name, ИНН, КПП, taxation. */
async function organizationsOf(api: ReturnType<typeof client>) {
  const res = await api.get('/api/trade/catalogs/organizations');
  expect(res.status).toBe(200);
  return res.body.items.map((o: Record<string, unknown>) => ({ name: o.name, inn: o.inn, kpp: o.kpp, vat_status: o.vat_status }));
}

test('onboarded with trade: the requisites are the first organization, and a Счёт is issued at once', async () => {
  const res = await client(stack.url, owner).post('/api/owner/tenants', {
    name: 'ООО «Ромашка»', inn: '7707083893', kpp: '773601001', adminEmail: 'admin@romashka.ru', adminPassword: 'Admin-Passw0rd-1', modules: ['trade'],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const api = client(stack.url, await login(stack.url, 'admin@romashka.ru', 'Admin-Passw0rd-1'));
  expect(await organizationsOf(api)).toEqual([{ name: 'ООО «Ромашка»', inn: '7707083893', kpp: '773601001', vat_status: 'general' }]);

  // The first Счёт names no organization: the only one is taken.
  const customer = await createItem(api, 'counterparties', { name: 'ООО «Покупатель»', is_customer: true });
  const contract = await createItem(api, 'contracts', { name: 'Основной', owner_id: customer, kind: 'customer' });
  const product = await createItem(api, 'products', { name: 'Чайник' });
  const invoice = await api.post('/api/trade/documents/invoice_for_payment?post=true', { counterparty: customer, contract, goods: [{ product, quantity: '2', price: 150_000 }] });
  expect(invoice.status, JSON.stringify(invoice.body)).toBe(201);
  const [org] = (await api.get('/api/trade/catalogs/organizations')).body.items;
  // 2 × 1 500,00 ₽ with 22 % VAT inside: 3 000,00 ₽.
  expect(invoice.body).toMatchObject({ organization: org.id, status: 'posted', total: 300_000 });
  const pdf = await api.raw('GET', `/api/trade/documents/invoice_for_payment/${invoice.body.id}/print/invoice`);
  expect(pdf.status).toBe(200);
});

test('onboarded without trade: buying trade later brings the first organization', async () => {
  const tenant = await onboardTenant(stack, owner, { name: 'ИП Сидоров', adminEmail: 'admin@sidorov.ru', modules: [] });
  const api = client(stack.url, tenant.adminToken);
  expect((await api.get('/api/trade/catalogs/organizations')).status).toBe(403);
  const inn = (await client(stack.url, owner).get(`/api/owner/tenants/${tenant.tenantId}`)).body.inn;

  const bought = await api.post('/api/admin/subscription/modules/trade');
  expect(bought.status, JSON.stringify(bought.body)).toBe(200);
  expect(await organizationsOf(api)).toEqual([{ name: 'ИП Сидоров', inn, kpp: null, vat_status: 'general' }]);
});
