/**
 * «Аналитика» in the browser: a company with trade and analytics sold today (a receipt and two sales, the facts
 * brought in by the module's outbox subscriber); «Продажи» shows the revenue and margin, a click on a bar of «Топ
 * товаров» lists that product's documents, and a document's link opens its Реализация. The page passes axe at
 * 1280 px dark and 375 px light. Needs the UIs built (shell, trade, analytics).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OutboxDispatcher } from '../../../backend/src/platform/engine/events';
import { client, login, nextInn, OWNER, startStack, type TestStack } from '../../../backend/test/support/stack';
import { completeCompanyOrganization, createItem, postDocument } from '../../../backend/test/trade/support';
import { checkScreens, closeAll, newPage, openBrowser, signIn, type Browser, type Web } from '../../../shell/test/support/web';

const PASSWORD = 'Admin-Passw0rd-1';
let stack: TestStack;
let web: Web;
let browser: Browser;
const ids: Record<string, string> = {};
/** Today in Moscow, the company's time zone: the dashboard opens on this month. */
const today = new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  stack = await startStack({ label: 'ui_analytics' });
  const owner = client(stack.url, await login(stack.url, OWNER.email, OWNER.password));
  const res = await owner.post('/api/owner/tenants', { name: 'ООО «Аналитика»', inn: nextInn(), adminEmail: 'admin@analytics-ui.ru', adminPassword: PASSWORD, modules: ['trade', 'analytics'] });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const api = client(stack.url, await login(stack.url, 'admin@analytics-ui.ru', PASSWORD));
  const org = await completeCompanyOrganization(api, { address: 'г. Москва, ул. Тверская, д. 1', head: 'Иванов И. И.' });
  const warehouse = await createItem(api, 'warehouses', { name: 'Основной' });
  const supplier = await createItem(api, 'counterparties', { name: 'ООО «Поставщик»', inn: nextInn(), is_supplier: true });
  const buyContract = await createItem(api, 'contracts', { name: 'Договор закупки', owner_id: supplier, organization: org, kind: 'supplier' });
  const customer = await createItem(api, 'counterparties', { name: 'ООО «Клиент»', inn: nextInn(), is_customer: true, legal_address: 'г. Тверь' });
  const contract = await createItem(api, 'contracts', { name: 'Договор поставки', owner_id: customer, organization: org, kind: 'customer' });
  ids.kettle = await createItem(api, 'products', { name: 'Чайник электрический', article: 'KT-1' });
  ids.iron = await createItem(api, 'products', { name: 'Утюг', article: 'IR-1' });
  await postDocument(api, 'receipt', { date: today, organization: org, warehouse, counterparty: supplier, contract: buyContract, price_includes_vat: false, goods: [
    { product: ids.kettle, quantity: '10', price: 100000 },
    { product: ids.iron, quantity: '10', price: 100000 },
  ] });
  // Kettles 4 × 3 050,00 = 12 200,00 with VAT 22 % → 10 000,00 revenue, cost 4 000,00; an iron 1 220,00 → 1 000,00.
  const sale = await postDocument(api, 'sale', { date: today, organization: org, warehouse, counterparty: customer, contract, goods: [{ product: ids.kettle, quantity: '4', price: 305000 }] });
  ids.sale = sale.id;
  ids.saleNumber = sale.number;
  await postDocument(api, 'sale', { date: today, organization: org, warehouse, counterparty: customer, contract, goods: [{ product: ids.iron, quantity: '1', price: 122000 }] });
  // The backend's dispatcher runs on a timer in production; here the test delivers the events.
  await new OutboxDispatcher(stack.db, stack.definition.subscribers.filter((s) => s.name === 'analytics')).drain();
  ({ web, browser } = await openBrowser(stack.url));
}, 180_000);
afterAll(() => closeAll(browser, web, stack));

it('«Продажи» shows revenue and margin; a bar of «Топ товаров» opens its documents, and a document its Реализация', async () => {
  const page = await newPage(browser);
  // Every request the pages make succeeds (the browser's own favicon.ico request is not one of them).
  const failed: string[] = [];
  page.on('response', (r) => void (r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`)));
  await signIn(page, web.url, 'admin@analytics-ui.ru', PASSWORD);
  await page.getByTestId('user-menu').waitFor();
  await page.getByRole('navigation', { name: 'Меню' }).getByRole('link', { name: 'Продажи', exact: true }).first().waitFor();
  await page.goto(`${web.url}/m/analytics/sales`);

  // 10 000,00 + 1 000,00 revenue; margin 11 000,00 − 5 000,00 = 6 000,00.
  const revenue = page.getByRole('group', { name: 'Выручка без НДС' });
  await expect.poll(() => revenue.textContent()).toMatch(/11\s000,00/);
  await expect(page.getByRole('group', { name: 'Валовая прибыль' }).textContent()).resolves.toMatch(/6\s000,00/);
  await checkScreens(page, 'analytics-sales', () => page.getByRole('figure', { name: 'Топ товаров' }).waitFor());

  // The kettle's bar (the first, the larger revenue) → its documents → the sale.
  await page.getByRole('figure', { name: 'Топ товаров' }).locator('.MuiBarChart-element').first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Документы: Чайник электрический').waitFor();
  const link = dialog.getByRole('link', { name: new RegExp(`^Реализация № ${ids.saleNumber} от `) });
  await link.waitFor();
  await expect(dialog.getByRole('link').count()).resolves.toBe(1);
  await link.click();
  await page.waitForURL(`**/m/trade/documents/sale/${ids.sale}`);
  await page.getByRole('heading', { name: new RegExp(`Реализация товаров и услуг ${ids.saleNumber} от `) }).waitFor();
  expect(failed).toEqual([]);
});
