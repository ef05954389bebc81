/**
 * The rest of the accountant's pages of the accounting UI: the home cards (money on 51, profit of the
 * month), ф. 2 with a line's decoding leading to the ОСВ по счёту, «Добавить субсчёт» in the chart tree,
 * and the month-closing assistant — checks, closing with its steps, re-opening, a step's link to the card of
 * the account it closed. Each page passes axe.
 * Needs the UIs built (shell, admin, trade, accounting).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { client, login, nextInn, onboardTenant, OWNER, startStack, type TestStack } from '../../../backend/test/support/stack';
import { accessibilityProblems, closeAll, newPage, openBrowser, screenshot, signIn, type Browser, type Web } from '../../../shell/test/support/web';
import { checkScreens } from './support';

const ADMIN = { email: 'admin@close-ui.test', password: 'Admin-Passw0rd-1' };
const ACCOUNTANT = { email: 'buh@close-ui.test', password: 'Ledger-Passw0rd-9' };
let stack: TestStack;
let web: Web;
let browser: Browser;
/** Today in Moscow, the tenant's time zone: the cards and reports read the month up to it. */
const today = new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  stack = await startStack({ label: 'ui_accounting_closing' });
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  const api = client(stack.url, (await onboardTenant(stack, ownerToken, { name: 'ООО «Закрытие»', adminEmail: ADMIN.email, adminPassword: ADMIN.password, modules: ['trade', 'accounting'] })).adminToken);
  const roles = (await api.get('/api/admin/roles')).body as { id: string; code: string }[];
  expect((await api.post('/api/admin/users', { email: ACCOUNTANT.email, fullName: 'Кузнецова Мария Игоревна', password: ACCOUNTANT.password, roleIds: [roles.find((r) => r.code === 'accountant')!.id] })).status).toBe(201);
  const create = async (catalog: string, body: Record<string, unknown>) => {
    const res = await api.post(`/api/trade/catalogs/${catalog}`, body);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as string;
  };
  const post = async (code: string, body: Record<string, unknown>) => {
    const res = await api.post(`/api/trade/documents/${code}?post=true`, body);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body;
  };
  // The organization onboarding made from the company's requisites, with its bank account.
  const org = (await api.get('/api/trade/catalogs/organizations')).body.items[0].id as string;
  expect((await api.patch(`/api/trade/catalogs/organizations/${org}`, { bik: '044525311', account: '40702810300180001774' })).status).toBe(200);
  const main = await create('warehouses', { name: 'Основной' });
  const kettle = await create('products', { name: 'Чайник электрический' });
  const supplier = await create('counterparties', { name: 'ООО «Поставщик»', inn: nextInn(), is_supplier: true });
  const customer = await create('counterparties', { name: 'ООО «Покупатель»', inn: nextInn(), is_customer: true });
  const buy = await create('contracts', { name: 'Договор закупки 7', owner_id: supplier, organization: org, kind: 'supplier' });
  const sell = await create('contracts', { name: 'Договор поставки 1', owner_id: customer, organization: org, kind: 'customer' });
  // Bought 10 at 1 220,00 with VAT (cost 1 000,00 each); sold 2 at 3 050,00 with VAT: revenue 5 000,00, cost 2 000,00,
  // profit 3 000,00; the customer pays 6 100,00 to the bank (51).
  await post('receipt', { date: today, organization: org, warehouse: main, counterparty: supplier, contract: buy, goods: [{ product: kettle, quantity: '10', price: 122_000 }] });
  const sale = await post('sale', { date: today, organization: org, warehouse: main, counterparty: customer, contract: sell, goods: [{ product: kettle, quantity: '2', price: 305_000 }] });
  await post('money_in', { date: today, organization: org, counterparty: customer, contract: sell, amount: 610_000, allocation: [{ contract: sell, document: sale.id, amount: 610_000 }] });
  ({ web, browser } = await openBrowser(stack.url));
}, 120_000);
afterAll(() => closeAll(browser, web, stack));

type Page = Awaited<ReturnType<typeof newPage>>;

it('home cards, ф. 2 decoding, a sub-account in the chart, and the month closed and re-opened', async () => {
  const page = await newPage(browser);
  await signIn(page, web.url, ACCOUNTANT.email, ACCOUNTANT.password);
  // Home: 6 100,00 on the bank account, 3 000,00 profit before tax this month.
  await page.getByTestId('accounting-cash').filter({ hasText: '6\u00a0100,00' }).waitFor();
  await page.getByTestId('accounting-profit').filter({ hasText: '3\u00a0000,00' }).waitFor();
  await expect.poll(() => page.getByTestId('accounting-vat-due').textContent()).toMatch(/₽/);
  const menu = page.getByRole('navigation', { name: 'Меню' });

  // ф. 2: revenue 2110 is 5 (thousands): Кт 90.01.1 6 100,00 less the VAT on 90.03; the decoding leads to 90.01.1's ОСВ.
  await menu.getByRole('link', { name: 'Отчёт о финансовых результатах (форма № 2)', exact: true }).click();
  await page.getByTestId('form-line-2110').filter({ hasText: /^5$/ }).waitFor();
  await page.getByRole('button', { name: 'Расшифровка строки 2110' }).click();
  const decoding = page.getByRole('list', { name: 'Расшифровка строки 2110' });
  await checkScreens(page, 'form2', () => page.getByTestId('form-line-2110').waitFor());
  await page.getByRole('button', { name: 'Расшифровка строки 2110' }).click();
  await decoding.getByRole('link', { name: /90\.01\.1/ }).click();
  await page.getByRole('table', { name: 'Оборотно-сальдовая ведомость по счёту' }).getByRole('row').filter({ hasText: '90.01.1' }).filter({ hasText: '6\u00a0100,00' }).waitFor();

  // План счетов: 52.01 under 52, shown in the tree at once.
  await menu.getByRole('link', { name: 'План счетов', exact: true }).click();
  await page.getByRole('button', { name: 'Добавить субсчёт 52' }).click();
  const dialog = page.getByRole('dialog');
  await expect.poll(() => dialog.getByLabel('Номер').inputValue()).toBe('52.01');
  await dialog.getByLabel('Наименование').fill('Валютный счёт в Сбербанке');
  await dialog.getByRole('button', { name: 'Создать' }).click();
  await page.getByRole('row').filter({ hasText: 'Валютный счёт в Сбербанке' }).getByRole('link', { name: '52.01' }).waitFor();
  await checkScreens(page, 'chart', () => page.getByRole('link', { name: '52.01' }).waitFor());

  // Закрытие месяца: the checks pass, the month closes with its steps, and opens again.
  await menu.getByRole('link', { name: 'Помощник закрытия месяца', exact: true }).click();
  await page.getByRole('main').getByLabel('Организация').fill('закр');
  await page.getByRole('option', { name: 'ООО «Закрытие»' }).click();
  await page.getByRole('button', { name: 'Проверить' }).click();
  const checks = page.getByRole('region', { name: 'Проверки перед закрытием' });
  await checks.getByText('Оборотно-сальдовая ведомость: Дт = Кт').waitFor();
  expect(await checks.getByText('Требует внимания').count()).toBe(0);
  await page.getByRole('button', { name: 'Закрыть месяц' }).click();
  await page.getByTestId('closing-steps').filter({ hasText: '90.09' }).waitFor();
  await page.getByRole('link', { name: /^Месяц закрыт: ЗМ-/ }).waitFor();
  await page.getByRole('button', { name: 'Отменить закрытие' }).click();
  await page.getByText('Месяц не закрыт.').waitFor();
  await page.getByRole('button', { name: 'Закрыть месяц' }).waitFor();
  expect(await accessibilityProblems(page)).toEqual([]);
  await screenshot(page, 'accounting-closing-1280-light');

  // Closed again, a step leads to the card of the account it closed: 90.01.1's 6 100,00 of revenue, written off to 90.09.
  await page.getByRole('button', { name: 'Закрыть месяц' }).click();
  const step = page.getByTestId('closing-steps').getByRole('link', { name: /^Карточка счёта 90\.01\.1 за / });
  await step.waitFor();
  expect(await accessibilityProblems(page)).toEqual([]);
  await step.click();
  await page.getByRole('table', { name: 'Карточка счёта' }).getByRole('row').filter({ hasText: '90.09' }).filter({ hasText: '6\u00a0100,00' }).waitFor();
}, 120_000);
