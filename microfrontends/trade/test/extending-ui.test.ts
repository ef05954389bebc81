/**
 * docs/extending.md in the browser: the guide's own declaration files (the `projects` module) get list,
 * form and report pages with no UI code — the generic `trade` remote registered as the module's UI.
 * Needs the UIs built (`npm test` builds first).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { projectsModule } from '../../../backend/test/extending/projects/module';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../../../backend/test/support/stack';
import { closeAll, newPage, openBrowser, screenshot, signIn, type Browser, type Web } from '../../../shell/test/support/web';

const ADMIN = { email: 'admin@buro-ui.test', password: 'Admin-Passw0rd-1' };
let stack: TestStack;
let web: Web;
let browser: Browser;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  stack = await startStack({ label: 'ui_extending', modules: [projectsModule] });
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  // The guide's module declares `ui: { remote: 'engine' }`: the generic pages, no UI code, no registration.
  api = client(stack.url, (await onboardTenant(stack, ownerToken, { name: 'Бюро', adminEmail: ADMIN.email, adminPassword: ADMIN.password, modules: ['projects'] })).adminToken);
  ({ web, browser } = await openBrowser(stack.url));
});
afterAll(() => closeAll(browser, web, stack));

const menu = (page: Page) => page.getByRole('navigation', { name: 'Меню' });

it('the guide’s catalog, document and report appear as pages and work', async () => {
  const page = await newPage(browser);
  await signIn(page, web.url, ADMIN.email, ADMIN.password);
  for (const name of ['Проекты', 'Табель', 'Трудозатраты по проектам']) await menu(page).getByRole('link', { name, exact: true }).waitFor();

  // The catalog: a project through the form.
  await menu(page).getByRole('link', { name: 'Проекты', exact: true }).click();
  await page.getByRole('heading', { name: 'Проекты' }).waitFor();
  await page.getByRole('link', { name: 'Создать' }).click();
  await page.getByLabel('Наименование').fill('Сайт «Аполлон»');
  await page.getByLabel('Заказчик').fill('ООО Аполлон');
  await page.getByLabel('Ставка в час').fill('2500');
  await page.getByRole('button', { name: 'Записать' }).click();
  await page.getByText('Записано').waitFor();
  expect((await api.get('/api/projects/catalogs/projects')).body.items[0]).toMatchObject({ name: 'Сайт «Аполлон»', hourly_rate: 250000, status: 'active' });

  // The document: a timesheet with one line, posted.
  await menu(page).getByRole('link', { name: 'Табель', exact: true }).click();
  await page.getByRole('link', { name: 'Создать' }).click();
  await page.getByLabel('Сотрудник').fill('Иванова А. А.');
  await page.getByRole('button', { name: 'Добавить строку' }).click();
  const row = page.getByRole('group', { name: 'Работы: № 1' });
  await row.getByLabel('Проект').fill('апол');
  await page.getByRole('option', { name: 'Сайт «Аполлон»' }).click();
  await row.getByLabel('Часы').fill('7,5');
  await page.getByRole('button', { name: 'Провести' }).click();
  await page.getByText('Документ проведён').waitFor();
  await page.getByRole('heading', { name: /^Табель ТБ-000001 от/ }).waitFor();
  await screenshot(page, 'extending-timesheet');

  // The report shows today's hours and their cost: 7,5 h × 2 500,00 ₽ = 18 750,00 ₽.
  await menu(page).getByRole('link', { name: 'Трудозатраты по проектам', exact: true }).click();
  const table = page.getByRole('table', { name: 'Трудозатраты по проектам' });
  await table.getByRole('cell', { name: 'Сайт «Аполлон»' }).waitFor();
  await table.getByRole('cell', { name: /18\s750,00/ }).first().waitFor();
  await screenshot(page, 'extending-report');
  expect(page.errors.filter((e) => /Invalid hook|two copies|Multiple instances|TypeError|ReferenceError/i.test(e))).toEqual([]);
});
