/**
 * A new document's form starts with the user's own main organization, warehouse and price type («Основные
 * значения для подстановки», chosen on the shell's page «Мои настройки по умолчанию», PUT /api/trade/user-defaults):
 * with two of each in the company, the person chooses none of them in the form. Needs the UIs built.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../../../backend/test/support/stack';
import { createItem } from '../../../backend/test/trade/support';
import { accessibilityProblems, closeAll, newPage, openBrowser, signIn, type Browser, type Web } from '../../../shell/test/support/web';

const ADMIN = { email: 'admin@defaults-ui.test', password: 'Admin-Passw0rd-1' };
let stack: TestStack;
let web: Web;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack({ label: 'ui_defaults' });
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  const api = client(stack.url, (await onboardTenant(stack, ownerToken, { name: 'ООО «Два склада»', adminEmail: ADMIN.email, adminPassword: ADMIN.password, modules: ['trade'] })).adminToken);
  await createItem(api, 'organizations', { name: 'ООО «Юг»', inn: '7728168971' });
  await createItem(api, 'warehouses', { name: 'Основной' });
  await createItem(api, 'warehouses', { name: 'Магазин' });
  await createItem(api, 'price_types', { name: 'Оптовая' });
  await createItem(api, 'price_types', { name: 'Розничная' });
  ({ web, browser } = await openBrowser(stack.url));
});
afterAll(() => closeAll(browser, web, stack));

it('chosen on «Мои настройки по умолчанию», a new Реализация starts with the user’s organization, warehouse and price type', async () => {
  const page = await newPage(browser);
  await signIn(page, web.url, ADMIN.email, ADMIN.password);
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Мои настройки по умолчанию' }).click();
  await page.locator('[role="menu"]').waitFor({ state: 'detached' });
  const trade = page.getByRole('region', { name: 'Торговля и склад' });
  const choose = async (label: string, option: string) => {
    await trade.getByRole('combobox', { name: label }).click();
    await page.getByRole('option', { name: option, exact: true }).click();
    // The list fades out before it goes (hidden from roles meanwhile): axe would read its half-transparent items as low contrast.
    await page.locator('[role="listbox"]').waitFor({ state: 'detached' });
  };
  await choose('Организация', 'ООО «Юг»');
  await choose('Склад', 'Магазин');
  await choose('Вид цены', 'Розничная');
  expect(await accessibilityProblems(page)).toEqual([]);
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await page.getByRole('status').getByText('Настройки сохранены').waitFor();

  await page.getByRole('navigation', { name: 'Меню' }).getByRole('link', { name: 'Реализация товаров и услуг', exact: true }).click();
  await page.getByRole('link', { name: 'Создать' }).click();
  const form = page.getByRole('main');
  const valueOf = (name: string) => form.getByRole('combobox', { name, exact: true }).inputValue();
  await expect.poll(() => valueOf('Организация')).toBe('ООО «Юг»');
  await expect.poll(() => valueOf('Склад')).toBe('Магазин');
  await expect.poll(() => valueOf('Вид цены')).toBe('Розничная');
});
