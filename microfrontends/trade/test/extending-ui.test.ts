/**
 * docs/extending.md in the browser: the guide's module (`timesheets`, `ui: { remote: 'engine' }`) gets its
 * menu sections, list, form and report pages with no UI code of its own — the engine's generic pages.
 * A person opens «Работа», creates a project for a customer from trade's counterparties, fills a timesheet
 * (the project's rate appears by itself, the amount and the total are computed), posts it and opens the
 * report. Needs the UIs built (`npm test` builds first).
 */
import { businessDate, DEFAULT_TIME_ZONE, monthStart } from '@workcloud/shared-core';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { timesheetsModule } from '../../../backend/test/extending/timesheets/module';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../../../backend/test/support/stack';
import { closeAll, newPage, openBrowser, screenshot, signIn, type Browser, type Web } from '../../../shell/test/support/web';

const ADMIN = { email: 'admin@buro-ui.test', password: 'Admin-Passw0rd-1' };
let stack: TestStack;
let web: Web;
let browser: Browser;
let api: ReturnType<typeof client>;
let customerId: string;

beforeAll(async () => {
  stack = await startStack({ label: 'ui_extending', modules: [timesheetsModule] });
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  // «Табели» depends on trade: its projects are for trade's counterparties.
  api = client(stack.url, (await onboardTenant(stack, ownerToken, { name: 'Бюро', adminEmail: ADMIN.email, adminPassword: ADMIN.password, modules: ['trade', 'timesheets'] })).adminToken);
  customerId = (await api.post('/api/trade/catalogs/counterparties', { name: 'ООО «Аполлон»', is_customer: true })).body.id;
  ({ web, browser } = await openBrowser(stack.url));
});
afterAll(() => closeAll(browser, web, stack));

const menu = (page: Page) => page.getByRole('navigation', { name: 'Меню' });
/** The «Табели» module in the side menu (trade has an «Отчёты» section too): the list holding «Работа». */
const timesheetsMenu = (page: Page) => menu(page).locator('ul').filter({ has: page.getByRole('button', { name: 'Работа', exact: true }) });

/** A section of the module's menu, unfolded first if it is folded — as a person would. */
async function section(page: Page, title: string) {
  const heading = timesheetsMenu(page).getByRole('button', { name: title, exact: true });
  if ((await heading.getAttribute('aria-expanded')) !== 'true') await heading.click();
  return timesheetsMenu(page).getByRole('list', { name: title });
}

/** Types into a reference field and picks the suggested item. */
async function pick(page: Page, scope: Page | Locator, label: string, typed: string, option: string) {
  await scope.getByLabel(label).fill(typed);
  await page.getByRole('option', { name: option }).click();
}

it('the guide’s module: menu sections, a project for a trade customer, a computed timesheet, the monthly report', async () => {
  const page = await newPage(browser);
  await signIn(page, web.url, ADMIN.email, ADMIN.password);

  // The menu: «Работа» (documents first, then catalogs) and «Отчёты», as module.ts declares them.
  const work = await section(page, 'Работа');
  await work.getByRole('link', { name: 'Табель', exact: true }).waitFor();
  expect(await work.getByRole('link').allTextContents()).toEqual(['Табель', 'Проекты']);
  expect(await (await section(page, 'Отчёты')).getByRole('link').allTextContents()).toEqual(['Трудозатраты по месяцам']);
  // A section folds and unfolds.
  const heading = timesheetsMenu(page).getByRole('button', { name: 'Работа', exact: true });
  await heading.click();
  expect(await heading.getAttribute('aria-expanded')).toBe('false');
  await work.getByRole('link', { name: 'Табель', exact: true }).waitFor({ state: 'hidden' });

  // The catalog: a project for a customer chosen from trade's counterparties.
  await (await section(page, 'Работа')).getByRole('link', { name: 'Проекты', exact: true }).click();
  await page.getByRole('heading', { name: 'Проекты' }).waitFor();
  await page.getByRole('link', { name: 'Создать' }).click();
  await page.getByLabel('Наименование').fill('Сайт «Аполлон»');
  await pick(page, page, 'Заказчик', 'апол', 'ООО «Аполлон»');
  await page.getByLabel('Ставка в час').fill('2500');
  await page.getByRole('button', { name: 'Записать' }).click();
  await page.getByText('Записано').waitFor();
  const project = (await api.get('/api/timesheets/catalogs/projects')).body.items[0];
  expect(project).toMatchObject({ name: 'Сайт «Аполлон»', customer: customerId, hourly_rate: 250000, status: 'active' });

  // The document: the rate comes from the project, 7,5 ч × 2 500,00 ₽ = 18 750,00 ₽, then it is posted.
  await (await section(page, 'Работа')).getByRole('link', { name: 'Табель', exact: true }).click();
  await page.getByRole('link', { name: 'Создать' }).click();
  await page.getByLabel('Сотрудник').fill('Иванова А. А.');
  await page.getByRole('button', { name: 'Добавить строку' }).click();
  const row = page.getByRole('group', { name: 'Работы: № 1' });
  await pick(page, row, 'Проект', 'сайт', 'Сайт «Аполлон»');
  await row.getByLabel('Часы').fill('7,5');
  await row.getByTestId('line-amount').filter({ hasText: '18\u00a0750,00' }).waitFor();
  expect(await row.getByLabel('Ставка в час').inputValue()).toBe('2500,00');
  await page.getByTestId('document-total').filter({ hasText: '18\u00a0750,00' }).waitFor();
  await page.getByRole('button', { name: 'Провести', exact: true }).click();
  await page.getByText('Документ проведён').waitFor();
  await page.getByRole('heading', { name: /^Табель ТБ-000001 от/ }).waitFor();
  await page.getByRole('button', { name: 'Печать: Табель' }).waitFor();
  await screenshot(page, 'extending-timesheet');
  const sheet = (await api.get('/api/timesheets/documents/timesheets')).body.items[0];
  expect(sheet).toMatchObject({ number: 'ТБ-000001', status: 'posted', person: 'Иванова А. А.', total: 1875000 });

  // The report: this month's row (its dates default to today) with the hours' cost.
  await (await section(page, 'Отчёты')).getByRole('link', { name: 'Трудозатраты по месяцам', exact: true }).click();
  const table = page.getByRole('table', { name: 'Трудозатраты по месяцам' });
  const month = monthStart(businessDate(new Date(), DEFAULT_TIME_ZONE)).split('-').reverse().join('.');
  await table.getByRole('cell', { name: month }).waitFor();
  await table.getByRole('cell', { name: /18\s750,00/ }).first().waitFor();
  await screenshot(page, 'extending-report');
  expect(page.errors.filter((e) => /Invalid hook|two copies|Multiple instances|TypeError|ReferenceError/i.test(e))).toEqual([]);
});
