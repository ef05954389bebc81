/**
 * A storekeeper's first day: the menu offers only what the role may open (no «Настройка учёта», which
 * failed for them), and a sale they may only read names its contract and price type instead of «…».
 * Needs the UIs built.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { client, login, nextInn, onboardTenant, OWNER, startStack, type TestStack } from '../../../backend/test/support/stack';
import { closeAll, newPage, openBrowser, signIn, type Browser, type Web } from '../../../shell/test/support/web';

const ADMIN = { email: 'admin@roles-ui.test', password: 'Admin-Passw0rd-1' };
const STOREKEEPER = { email: 'sklad@roles-ui.test', password: 'Kladovshik-Passw0rd-1' };
let stack: TestStack;
let web: Web;
let browser: Browser;
let saleNumber = '';

beforeAll(async () => {
  stack = await startStack({ label: 'ui_roles' });
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  const api = client(stack.url, (await onboardTenant(stack, ownerToken, { name: 'Склад и роли', adminEmail: ADMIN.email, adminPassword: ADMIN.password, modules: ['trade'] })).adminToken);
  const create = async (catalog: string, body: Record<string, unknown>) => {
    const res = await api.post(`/api/trade/catalogs/${catalog}`, body);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as string;
  };
  const organization = await create('organizations', { name: 'ООО «Склад и роли»', inn: '7707083893' });
  const warehouse = await create('warehouses', { name: 'Основной' });
  const product = await create('products', { name: 'Чайник' });
  const supplier = await create('counterparties', { name: 'ООО «Поставщик»', inn: nextInn() });
  const customer = await create('counterparties', { name: 'ООО «Покупатель»', inn: nextInn() });
  await create('contracts', { name: 'Договор закупки 7', owner_id: supplier, kind: 'supplier' });
  await create('contracts', { name: 'Договор поставки 1', owner_id: customer, kind: 'customer' });
  const retail = await create('price_types', { name: 'Розничная' });
  const post = async (code: string, body: Record<string, unknown>) => {
    const res = await api.post(`/api/trade/documents/${code}?post=true`, body);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body;
  };
  await post('receipt', { date: '2026-11-02', organization, warehouse, counterparty: supplier, goods: [{ product, quantity: '5', price: 100000 }] });
  saleNumber = (await post('sale', { date: '2026-11-03', organization, warehouse, counterparty: customer, price_type: retail, goods: [{ product, quantity: '1', price: 300000 }] })).number;
  const role = (await api.get('/api/admin/roles')).body.find((r: { code: string }) => r.code === 'storekeeper');
  const user = await api.post('/api/admin/users', { email: STOREKEEPER.email, fullName: 'Кладовщик', password: STOREKEEPER.password, roleIds: [role.id] });
  if (user.status !== 201) throw new Error(JSON.stringify(user.body));
  ({ web, browser } = await openBrowser(stack.url));
});
afterAll(() => closeAll(browser, web, stack));

it('the storekeeper sees only what the role opens, and a read-only sale names what it refers to', async () => {
  const page = await newPage(browser);
  await signIn(page, web.url, STOREKEEPER.email, STOREKEEPER.password);
  const menu = page.getByRole('navigation', { name: 'Меню' });
  await menu.getByRole('link', { name: 'Реализация товаров и услуг', exact: true }).waitFor();
  expect(await menu.getByRole('link', { name: 'Настройка учёта' }).count()).toBe(0);

  await menu.getByRole('link', { name: 'Реализация товаров и услуг', exact: true }).click();
  await page.getByText(saleNumber).first().click();
  await page.getByRole('heading', { name: new RegExp(`Реализация товаров и услуг ${saleNumber}`) }).waitFor();
  const form = page.getByRole('main');
  const value = (name: string) => form.getByRole('combobox', { name, exact: true }).inputValue();
  await expect.poll(() => value('Покупатель')).toBe('ООО «Покупатель»');
  await expect.poll(() => value('Договор')).toBe('Договор поставки 1');
  await expect.poll(() => value('Вид цены')).toBe('Розничная');
  expect(await form.getByRole('button', { name: 'Провести', exact: true }).count()).toBe(0);
});
