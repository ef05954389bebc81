/**
 * The accounting module's own UI in the browser, as an accountant of a company with trade and accounting
 * works: a receipt and a sale are posted (through the API); the ОСВ drills down 62 → ОСВ по счёту →
 * карточка 62.01 → the sale itself; a manual operation is typed with its subconto pickers, posted and seen
 * in the ОСВ; opening balances are typed the same way. The ОСВ downloads as a PDF (the engine's report
 * route). The new pages pass axe (WCAG 2 A/AA) and fit 375 px, light and dark.
 * Needs the UIs built (shell, trade, accounting).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { client, login, nextInn, onboardTenant, OWNER, startStack, type TestStack } from '../../../backend/test/support/stack';
import { completeCompanyOrganization } from '../../../backend/test/trade/support';
import { closeAll, newPage, openBrowser, signIn, signOut, type Browser, type Web } from '../../../shell/test/support/web';
import { checkScreens } from './support';

const ADMIN = { email: 'admin@buh-ui.test', password: 'Admin-Passw0rd-1' };
const ACCOUNTANT = { email: 'buh@buh-ui.test', password: 'Ledger-Passw0rd-9' };
let stack: TestStack;
let web: Web;
let browser: Browser;
let api: ReturnType<typeof client>;
let saleNumber = '';
let receiptNumber = '';
/** Today in Moscow, the tenant's time zone: the reports' default period ends on it. */
const today = new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  stack = await startStack({ label: 'ui_accounting' });
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  api = client(stack.url, (await onboardTenant(stack, ownerToken, { name: 'ООО «Торговый дом»', adminEmail: ADMIN.email, adminPassword: ADMIN.password, modules: ['trade', 'accounting'] })).adminToken);
  const roles = (await api.get('/api/admin/roles')).body as { id: string; code: string }[];
  expect((await api.post('/api/admin/users', { email: ACCOUNTANT.email, fullName: 'Кузнецова Мария Игоревна', password: ACCOUNTANT.password, roleIds: [roles.find((r) => r.code === 'accountant')!.id] })).status).toBe(201);
  const create = async (catalog: string, body: Record<string, unknown>) => {
    const res = await api.post(`/api/trade/catalogs/${catalog}`, body);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as string;
  };
  // The organization onboarding made from the company's requisites (trade's seed), completed by its admin.
  const org = await completeCompanyOrganization(api, { inn: '7707083893', kpp: '770701001', bik: '044525311', account: '40702810300180001774' });
  const main = await create('warehouses', { name: 'Основной' });
  const kettle = await create('products', { name: 'Чайник электрический' });
  const supplier = await create('counterparties', { name: 'ООО «Поставщик»', inn: nextInn(), is_supplier: true });
  const customer = await create('counterparties', { name: 'ООО «Покупатель»', inn: nextInn(), is_customer: true });
  const buy = await create('contracts', { name: 'Договор закупки 7', owner_id: supplier, organization: org, kind: 'supplier' });
  const sell = await create('contracts', { name: 'Договор поставки 1', owner_id: customer, organization: org, kind: 'customer' });
  const post = async (code: string, body: Record<string, unknown>) => {
    const res = await api.post(`/api/trade/documents/${code}?post=true`, body);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body;
  };
  // 10 kettles at 1 220,00 with VAT: 41.01 10 000,00; then 2 sold at 3 050,00 with VAT: Дт 62.01 6 100,00.
  receiptNumber = (await post('receipt', { date: today, organization: org, warehouse: main, counterparty: supplier, contract: buy, goods: [{ product: kettle, quantity: '10', price: 122_000 }] })).number;
  saleNumber = (await post('sale', { date: today, organization: org, warehouse: main, counterparty: customer, contract: sell, goods: [{ product: kettle, quantity: '2', price: 305_000 }] })).number;
  ({ web, browser } = await openBrowser(stack.url));
}, 120_000);
afterAll(() => closeAll(browser, web, stack));

type Page = Awaited<ReturnType<typeof newPage>>;

/** The tests share one browser profile: whoever is signed in from the test before signs out first. */
async function signInAsAccountant(page: Page) {
  await page.goto(web.url + '/');
  const signedIn = page.getByTestId('user-menu');
  await page.getByLabel('E-mail').or(signedIn).first().waitFor();
  if (await signedIn.isVisible()) await signOut(page);
  await signIn(page, web.url, ACCOUNTANT.email, ACCOUNTANT.password);
  await page.getByRole('navigation', { name: 'Меню' }).getByRole('link', { name: 'Оборотно-сальдовая ведомость', exact: true }).waitFor();
  // What the browser saw while signing out and in (the old session's 401s, the favicon) is not the module's.
  page.errors.length = 0;
}

it('the ОСВ drills down from 62 to the card of 62.01 and opens the sale that made the entry', async () => {
  const page = await newPage(browser);
  await signInAsAccountant(page);
  const menu = page.getByRole('navigation', { name: 'Меню' });
  await menu.getByRole('link', { name: 'Оборотно-сальдовая ведомость', exact: true }).click();
  const sheet = page.getByRole('table', { name: 'Оборотно-сальдовая ведомость' });
  // 62: the customer owes 6 100,00 (Дт 62.01 Кт 90.01.1).
  await sheet.getByRole('row').filter({ has: page.getByRole('link', { name: '62', exact: true }) }).filter({ hasText: '6\u00a0100,00' }).waitFor();
  await checkScreens(page, 'trial-balance', () => sheet.getByRole('link', { name: '62', exact: true }).waitFor());

  // The same sheet as a PDF, from the engine's report route: what the screen shows, for printing.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PDF' }).click()]);
  expect(download.suggestedFilename()).toBe('Оборотно-сальдовая ведомость.pdf');
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'wc-osv-')), 'osv.pdf');
  await download.saveAs(file);
  const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/gu, ' ');
  expect(text).toContain('Оборотно-сальдовая ведомость');
  expect(text).toMatch(/62 Расчеты с покупателями и заказчиками 0,00 0,00 6 100,00 0,00 6 100,00 0,00/);

  await sheet.getByRole('link', { name: '62', exact: true }).click();
  const byAccount = page.getByRole('table', { name: 'Оборотно-сальдовая ведомость по счёту' });
  const customerRow = byAccount.getByRole('row').filter({ hasText: '62.01' }).filter({ hasText: '6\u00a0100,00' });
  await customerRow.getByRole('link', { name: 'ООО «Покупатель»' }).click();

  const card = page.getByRole('table', { name: 'Карточка счёта' });
  await card.getByRole('row').filter({ hasText: 'Сальдо на начало' }).waitFor();
  // The address keeps the drill-down: the account, the period and the customer.
  expect(new URL(page.url()).searchParams.get('subconto1')).toMatch(/^[0-9a-f-]{36}$/);
  await checkScreens(page, 'account-card', () => card.getByRole('link', { name: new RegExp(`^Реализация товаров и услуг ${saleNumber} от `) }).waitFor());
  await card.getByRole('link', { name: new RegExp(`^Реализация товаров и услуг ${saleNumber} от `) }).click();
  await page.getByRole('heading', { name: new RegExp(`^Реализация товаров и услуг ${saleNumber} от `) }).waitFor();
  expect(new URL(page.url()).pathname).toMatch(/^\/m\/trade\/documents\/sale\/[0-9a-f-]{36}$/);
  expect(page.errors).toEqual([]);
}, 120_000);

it('a manual operation is typed with the subconto of its accounts, posted and seen in the ОСВ', async () => {
  const page = await newPage(browser);
  await signInAsAccountant(page);
  const menu = page.getByRole('navigation', { name: 'Меню' });
  await menu.getByRole('link', { name: 'Операция (бухгалтерский и налоговый учёт)', exact: true }).click();
  await page.getByRole('link', { name: 'Создать' }).click();
  const form = page.getByRole('main');
  const pick = async (scope: typeof form, label: string, typed: string, option: string | RegExp) => {
    await scope.getByLabel(label).fill(typed);
    await page.getByRole('option', { name: option }).click();
  };
  await pick(form, 'Организация', 'торг', 'ООО «Торговый дом»');
  await form.getByLabel('Содержание', { exact: true }).fill('Реклама в журнале');
  const line = page.getByRole('group', { name: 'Проводка № 1' });
  // Дт 44.01 keeps «Статьи затрат»; Кт 60.01 keeps the counterparty, contract and settlement document.
  await pick(line, 'Счёт Дт', '44.01', /^44\.01 Издержки обращения/);
  await pick(line, 'Дт: Статья затрат', 'рекл', 'Реклама');
  await pick(line, 'Счёт Кт', '60.01', /^60\.01 Расчеты с поставщиками/);
  await pick(line, 'Кт: Контрагент', 'постав', 'ООО «Поставщик»');
  // Only the supplier's contracts are offered, not the customer's.
  await line.getByLabel('Кт: Договор').fill('договор');
  await page.getByRole('option', { name: 'Договор закупки 7' }).waitFor();
  expect(await page.getByRole('option').allTextContents()).toEqual(['Договор закупки 7']);
  await page.getByRole('option', { name: 'Договор закупки 7' }).click();
  // The settlement document: the supplier's receipt, found by its number.
  await pick(line, 'Кт: Документ расчётов', receiptNumber, new RegExp(`^Поступление товаров и услуг ${receiptNumber} от `));
  await line.getByLabel('Сумма').fill('1500');
  await page.getByTestId('entries-total').filter({ hasText: '1\u00a0500,00' }).waitFor();
  await page.getByRole('button', { name: 'Провести' }).click();
  await page.getByText('Документ проведён').waitFor();
  await page.getByText('Проведён', { exact: true }).waitFor();
  await checkScreens(page, 'operation-posted', () => page.getByRole('group', { name: 'Проводка № 1' }).getByLabel('Кт: Договор').waitFor());
  // Opened again, the operation names its settlement document as the reports do.
  await expect.poll(() => line.getByLabel('Кт: Документ расчётов').inputValue()).toMatch(new RegExp(`^Поступление товаров и услуг ${receiptNumber} от `));

  // The server has the entry with its analytics.
  const journal = (await api.get(`/api/accounting/reports/entries_journal?from=${today}&to=${today}`)).body.items as Record<string, unknown>[];
  expect(journal.find((r) => r.debit_account === '44.01')).toMatchObject({ credit_account: '60.01', amount: 150_000, debit_analytics: 'Реклама', credit_analytics: expect.stringMatching(new RegExp(`^ООО «Поставщик», Договор закупки 7, Поступление товаров и услуг ${receiptNumber} от `)), recorder_type: 'accounting.operation' });

  await menu.getByRole('link', { name: 'Оборотно-сальдовая ведомость', exact: true }).click();
  const sheet = page.getByRole('table', { name: 'Оборотно-сальдовая ведомость' });
  await sheet.getByRole('row').filter({ has: page.getByRole('link', { name: '44', exact: true }) }).filter({ hasText: '1\u00a0500,00' }).waitFor();
  expect(page.errors).toEqual([]);
}, 120_000);

it('«Ввод остатков» takes an account with its subconto and a balance, and posts it against 000', async () => {
  const page = await newPage(browser);
  await signInAsAccountant(page);
  await page.getByRole('navigation', { name: 'Меню' }).getByRole('link', { name: 'Ввод остатков', exact: true }).click();
  await page.getByRole('link', { name: 'Создать' }).click();
  const pick = async (scope: ReturnType<typeof page.getByRole>, label: string, typed: string, option: string | RegExp) => {
    await scope.getByLabel(label).fill(typed);
    await page.getByRole('option', { name: option }).click();
  };
  await pick(page.getByRole('main'), 'Организация', 'торг', 'ООО «Торговый дом»');
  const line = page.getByRole('group', { name: 'Остаток № 1' });
  // The customer owed 500,00 before: Дт 62.01 with the counterparty and the contract.
  await pick(line, 'Счёт', '62.01', /^62\.01 Расчеты с покупателями/);
  await pick(line, 'Контрагент', 'покуп', 'ООО «Покупатель»');
  await pick(line, 'Договор', 'постав', 'Договор поставки 1');
  await line.getByLabel('Остаток Дт').fill('500');
  await page.getByTestId('entries-total').filter({ hasText: 'Итого Дт: 500,00' }).waitFor();
  await page.getByRole('button', { name: 'Провести' }).click();
  await page.getByText('Документ проведён').waitFor();
  const journal = (await api.get(`/api/accounting/reports/entries_journal?from=${today}&to=${today}`)).body.items as Record<string, unknown>[];
  expect(journal.find((r) => r.recorder_type === 'accounting.opening_balances')).toMatchObject({ debit_account: '62.01', credit_account: '000', amount: 50_000, debit_analytics: 'ООО «Покупатель», Договор поставки 1' });
  expect(page.errors).toEqual([]);
});
