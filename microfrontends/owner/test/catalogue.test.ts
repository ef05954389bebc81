/**
 * «Модули и версии» in the owner console, in a real browser, on a fixed day (billing's clock: 10 May 2026):
 * the owner sets a new price of «Торговля и склад» from 1 June and sees it in the price history, is told
 * why a day in the past is refused, renames the module, takes CRM off sale — and the onboarding form
 * stops offering it; a company's admin sees the coming price and «Требует: …» on «Модули». Needs the UIs built. Screenshots: test-artifacts/screens/billing-owner-catalogue-*.png.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingTime } from '../../../backend/test/billing/support';
import { login, onboardTenant, OWNER, startStack, type TestStack } from '../../../backend/test/support/stack';
import { accessibilityProblems, closeAll, launchBrowser, newPage, openBrowser, signIn, type Browser, type Web } from '../../../shell/test/support/web';
import { shoot } from './support';

const ADMIN = { email: 'admin@catalogue-ui.test', password: 'Admin-Passw0rd-1' };

/** Text with the spaces Intl puts into amounts made plain. */
const plain = async (l: Locator) => ((await l.textContent()) ?? '').replace(/\s/g, ' ');

/** Types a date (ДД.ММ.ГГГГ) into the date field `label` inside `scope`, as a person does. */
async function typeDateIn(page: Page, scope: Locator, label: string, date: string) {
  await scope.getByRole('group', { name: label }).getByRole('spinbutton').first().click();
  await page.keyboard.type(date.replace(/\D/g, ''));
}

describe('the module catalogue in the browser', () => {
  let stack: TestStack;
  let web: Web;
  let browser: Browser;
  let adminBrowser: Browser | undefined;
  let owner: Page & { errors: string[] };

  beforeAll(async () => {
    stack = await startStack({ label: 'ui_catalogue' });
    billingTime(stack).setDay('2026-05-10');
    ({ web, browser } = await openBrowser(stack.url));
  });
  afterAll(() => closeAll(adminBrowser, browser, web, stack));

  it('sets a price from a date and shows the history; renames a module; a module off sale is not offered at onboarding', async () => {
    owner = await newPage(browser);
    await signIn(owner, web.url, OWNER.email, OWNER.password, '/m/owner/tenants');
    await owner.getByRole('navigation').getByRole('link', { name: 'Модули и версии' }).click();
    const trade = owner.getByRole('region', { name: 'Торговля и склад' });
    const prices = trade.getByTestId('prices-trade');
    await prices.getByText('Цена в месяц сегодня').waitFor();
    expect(await plain(prices)).toContain('Цена в месяц сегодня: 1 900,00 ₽');

    // A day before today (10 May) is refused by the server, with its reason under the date field.
    await prices.getByLabel('Новая цена в месяц').fill('2 100,00');
    await typeDateIn(owner, prices, 'Действует с', '01.05.2026');
    await prices.getByRole('button', { name: 'Установить цену' }).click();
    await prices.getByText(/Цену можно изменить с сегодняшнего дня \(10\.05\.2026\)/).waitFor();

    // From 1 June: today's price stays, the next one is announced, the history gets a row.
    await typeDateIn(owner, prices, 'Действует с', '01.06.2026');
    await prices.getByRole('button', { name: 'Установить цену' }).click();
    await prices.getByText('Цена сохранена. Выставленные счета не меняются.').waitFor();
    await prices.getByText('(с 01.06.2026 — 2 100,00 ₽)').waitFor();
    const history = prices.getByRole('table', { name: 'История цен: Торговля и склад' });
    const rows = history.getByRole('row');
    await expect.poll(() => rows.count()).toBe(3); // header, 01.06.2026, the initial price
    const cells = async (row: Locator) => (await row.getByRole('cell').allTextContents()).map((c) => c.replace(/\s/g, ' '));
    expect(await cells(rows.nth(1))).toEqual(['01.06.2026', '2 100,00 ₽', expect.stringMatching(/^owner@test\.workcloud, \d\d\.\d\d\.\d{4}/)]);
    expect(await cells(rows.nth(2))).toEqual(['Исходная цена', '1 900,00 ₽', '—']);
    expect(await plain(prices)).toContain('Цена в месяц сегодня: 1 900,00 ₽');
    const stored = await stack.db.knex('platform.module_prices').where({ module_code: 'trade' }).orderBy('valid_from').select('valid_from', 'monthly_price_kopecks');
    expect(stored.map((r) => [r.valid_from instanceof Date ? r.valid_from.toISOString().slice(0, 10) : r.valid_from, Number(r.monthly_price_kopecks)])).toEqual([
      ['2000-01-01', 190000],
      ['2026-06-01', 210000],
    ]);
    expect(await accessibilityProblems(owner)).toEqual([]);
    await shoot(owner, 'owner-catalogue', async () => prices.getByText('Исходная цена').waitFor());

    // The title, in Russian and English.
    await owner.getByRole('button', { name: 'Изменить: Торговля и склад' }).click();
    const dialog = owner.getByRole('dialog');
    await dialog.getByRole('textbox', { name: /^Название\s*\*?$/ }).fill('Торговля и склад Про');
    await dialog.getByLabel('Название по-английски').fill('Trade and warehouse Pro');
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await owner.getByRole('region', { name: 'Торговля и склад Про' }).waitFor();
    expect((await stack.db.knex('platform.modules').where({ code: 'trade' }).first('title', 'title_en'))).toEqual({ title: 'Торговля и склад Про', title_en: 'Trade and warehouse Pro' });

    // CRM off sale: marked so here, and no longer offered when onboarding a client.
    await owner.getByRole('button', { name: 'Изменить: CRM' }).click();
    await owner.getByRole('dialog').getByLabel('Продаётся новым клиентам').uncheck();
    await owner.getByRole('dialog').getByRole('button', { name: 'Сохранить' }).click();
    await owner.getByRole('region', { name: 'CRM' }).getByText('Снят с продажи').waitFor();
    await owner.getByRole('navigation').getByRole('link', { name: 'Подключить клиента' }).click();
    const offered = owner.getByRole('main');
    await offered.getByLabel(/Торговля и склад Про/).waitFor();
    expect(await offered.getByLabel(/CRM/).count()).toBe(0);
    expect(owner.errors.filter((e) => /Invalid hook|two copies|Multiple instances|TypeError|ReferenceError/i.test(e))).toEqual([]);

    // A company's admin (own browser profile): «Модули» shows the coming price, what a module needs, no CRM.
    await onboardTenant(stack, await login(stack.url, OWNER.email, OWNER.password), { name: 'ООО «Каталог»', adminEmail: ADMIN.email, adminPassword: ADMIN.password, modules: ['trade'] });
    adminBrowser = await launchBrowser();
    const admin = await newPage(adminBrowser);
    await signIn(admin, web.url, ADMIN.email, ADMIN.password);
    await admin.getByRole('navigation').getByRole('link', { name: 'Модули', exact: true }).click();
    const table = admin.getByRole('table', { name: 'Модули' });
    const tradeRow = table.getByRole('row').filter({ has: admin.getByText('Торговля и склад Про', { exact: true }) });
    expect(await plain(tradeRow)).toContain('с 01.06.2026 — 2 100,00 ₽');
    await admin.getByTestId('requires-accounting').getByText('Требует: Торговля и склад Про').waitFor();
    expect(await table.getByRole('row').filter({ hasText: 'CRM' }).count()).toBe(0);
    expect(await accessibilityProblems(admin)).toEqual([]);
  });
});
