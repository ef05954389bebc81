/**
 * The generic engine pages in the browser, through the `trade` remote registered as the UI of the
 * sample module `demo`: catalogs and documents filled in through the forms, posting, the shortage
 * refusal, the stock report, quick search, and the phone layout. Needs the UIs built (`npm test` builds first).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoModule } from '../../../backend/test/engine/demo-module';
import { client, login, nextInn, onboardTenant, OWNER, startStack, type TestStack } from '../../../backend/test/support/stack';
import { closeAll, newPage, openBrowser, screenshot, signIn, typeDate, type Browser, type Web } from '../../../shell/test/support/web';

const ADMIN = { email: 'admin@engine-ui.test', password: 'Admin-Passw0rd-1' };

describe('engine pages of a module UI', () => {
  let stack: TestStack;
  let web: Web;
  let browser: Browser;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    stack = await startStack({ label: 'ui_engine', modules: [demoModule] });
    const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
    const registered = await client(stack.url, ownerToken).post('/api/owner/modules/demo/ui-versions', { version: '1.0.0', remoteEntry: '/mf/trade/remoteEntry.js', remoteName: 'trade', makeCurrent: true });
    expect(registered.status).toBe(201);
    const tenant = await onboardTenant(stack, ownerToken, { name: 'ООО «Демо»', adminEmail: ADMIN.email, adminPassword: ADMIN.password, modules: ['demo'] });
    api = client(stack.url, tenant.adminToken);
    // The company's own field on items: the form must show it in its own section.
    expect((await api.post('/api/admin/custom-fields', { target: 'demo.items', code: 'shelf', title: 'Полка', type: 'string' })).status).toBe(201);
    ({ web, browser } = await openBrowser(stack.url));
  });
  afterAll(() => closeAll(browser, web, stack));

  const menu = (page: Page) => page.getByRole('navigation', { name: 'Меню' });
  const nav = (page: Page, name: string) => menu(page).getByRole('link', { name, exact: true }).click();

  /** Types into a reference field and picks the found item, as a person does. */
  async function pick(page: Page, scope: ReturnType<Page['locator']> | Page, label: string, typed: string, option: string) {
    await scope.getByLabel(label).fill(typed);
    await page.getByRole('option', { name: option }).click();
  }

  async function createCatalogItem(page: Page, catalog: string, fill: Record<string, string>) {
    await nav(page, catalog);
    await page.getByRole('heading', { name: catalog }).waitFor();
    await page.getByRole('link', { name: 'Создать' }).click();
    for (const [label, value] of Object.entries(fill)) await page.getByLabel(label).fill(value);
    await page.getByRole('button', { name: 'Записать' }).click();
    await page.getByText('Записано').waitFor();
    await page.getByRole('heading', { name: fill['Наименование'] }).waitFor();
  }

  it('fills catalogs and documents through the forms, posts, shows the shortage and the stock report', async () => {
    const page = await newPage(browser);
    await signIn(page, web.url, ADMIN.email, ADMIN.password);

    // The module's widget on the home page, then the module itself from its card.
    const widget = page.getByTestId('today-demo');
    await widget.filter({ hasText: '0' }).waitFor();
    const card = page.locator('.MuiCard-root').filter({ has: page.getByRole('heading', { name: 'Демо-склад' }) });
    await card.getByRole('link', { name: 'Открыть' }).click();
    await page.getByRole('heading', { name: 'Поступление товаров' }).waitFor();
    await page.getByRole('navigation', { name: 'breadcrumbs' }).getByRole('link', { name: 'Документы' }).click();
    await page.getByRole('heading', { name: 'Разделы модуля' }).waitFor();
    for (const name of ['Продажа', 'Склады', 'Остатки товаров']) await page.getByRole('main').getByRole('link', { name }).waitFor();
    await screenshot(page, 'engine-module-home');
    // The side menu is built from /api/demo/meta.
    for (const name of ['Продажа', 'Номенклатура', 'Склады', 'Контрагенты', 'Остатки товаров']) await menu(page).getByRole('link', { name, exact: true }).waitFor();

    await createCatalogItem(page, 'Склады', { Наименование: 'Основной склад' });
    await createCatalogItem(page, 'Номенклатура', { Наименование: 'Молоко 3,2%', Артикул: 'MLK-32', Цена: '89,90', Полка: 'A-1' });
    await page.getByRole('region', { name: 'Дополнительные поля' }).getByLabel('Полка').waitFor();
    await screenshot(page, 'engine-item-form');
    await createCatalogItem(page, 'Номенклатура', { Наименование: 'Хлеб бородинский', Артикул: 'BRD-1', Цена: '55' });
    await nav(page, 'Номенклатура');
    await page.getByRole('gridcell', { name: '89,90 ₽' }).waitFor();
    await page.getByRole('gridcell', { name: 'шт' }).first().waitFor();
    expect((await api.get('/api/demo/catalogs/items?search=mlk')).body.items[0]).toMatchObject({ price: 8990, unit: 'pcs', custom: { shelf: 'A-1' } });

    // The server's field errors appear under the field.
    await nav(page, 'Контрагенты');
    await page.getByRole('link', { name: 'Создать' }).click();
    await page.getByLabel('Наименование').fill('ООО «Поставщик»');
    await page.getByLabel('ИНН').fill('1234567890'); // right length, wrong checksum
    await page.getByRole('button', { name: 'Записать' }).click();
    const inn = page.getByLabel('ИНН');
    await expect.poll(() => inn.getAttribute('aria-describedby')).toBeTruthy();
    await page.locator('#' + (await inn.getAttribute('aria-describedby'))!.split(' ')[0]).filter({ hasText: /контрольн/i }).waitFor();
    await page.getByLabel('ИНН').fill(nextInn());
    await page.getByRole('button', { name: 'Записать' }).click();
    await page.getByText('Записано').waitFor();

    // Поступление with two lines through the lines table.
    await nav(page, 'Поступление товаров');
    await page.getByRole('link', { name: 'Создать' }).click();
    await pick(page, page, 'Склад', 'осн', 'Основной склад');
    await pick(page, page, 'Поставщик', 'пост', 'ООО «Поставщик»');
    const lines: [string, string, string, string, string][] = [
      ['моло', 'Молоко 3,2%', '10', '89,90', '899,00 ₽'],
      ['хлеб', 'Хлеб бородинский', '2,5', '55', '137,50 ₽'],
    ];
    for (const [i, [typed, item, quantity, price, amount]] of lines.entries()) {
      await page.getByRole('button', { name: 'Добавить строку' }).click();
      const row = page.getByRole('group', { name: `Товары: № ${i + 1}` });
      await pick(page, row, 'Товар', typed, item);
      await row.getByLabel('Количество').fill(quantity);
      await row.getByLabel('Цена').fill(price);
      await row.getByTestId('line-amount').filter({ hasText: amount }).waitFor();
    }
    expect(await page.getByTestId('document-total').textContent()).toBe('Итого: 1\u00a0036,50\u00a0₽');
    await page.getByRole('button', { name: 'Провести', exact: true }).click();
    await page.getByText('Документ проведён').waitFor();
    await page.getByText('Проведён', { exact: true }).waitFor();
    await page.getByRole('heading', { name: /^Поступление товаров ПТ-000001 от \d\d\.\d\d\.\d{4}$/ }).waitFor();
    await screenshot(page, 'engine-receipt');

    const receipts = (await api.get('/api/demo/documents/receipts')).body;
    expect(receipts.total).toBe(1);
    expect(receipts.items[0]).toMatchObject({ number: 'ПТ-000001', status: 'posted', total: 103650 });
    const receipt = (await api.get(`/api/demo/documents/receipts/${receipts.items[0].id}`)).body;
    expect(receipt.lines.map((l: any) => [l.quantity, l.price, l.amount])).toEqual([
      ['10.000', 8990, 89900],
      ['2.500', 5500, 13750],
    ]);

    // A sale of more milk than is in stock: posting is refused with the server's Russian message.
    await nav(page, 'Продажа');
    await page.getByRole('link', { name: 'Создать' }).click();
    await pick(page, page, 'Склад', 'осн', 'Основной склад');
    await page.getByRole('button', { name: 'Добавить строку' }).click();
    const row = page.getByRole('group', { name: 'Товары: № 1' });
    await pick(page, row, 'Товар', 'моло', 'Молоко 3,2%');
    await row.getByLabel('Количество').fill('15');
    await row.getByLabel('Цена').fill('120');
    await row.getByTestId('line-amount').filter({ hasText: '1\u00a0800,00 ₽' }).waitFor();
    await page.getByRole('button', { name: 'Провести', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Недостаточно товара' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Молоко 3,2%.*не хватает 5/);
    await page.getByText('Черновик', { exact: true }).waitFor();
    await screenshot(page, 'engine-sale-shortage');
    const sales = (await api.get('/api/demo/documents/sales')).body;
    expect(sales.items.map((s: any) => s.status)).toEqual(['draft']);

    // The stock report opens built for today, with a chart, and exports to Excel.
    await nav(page, 'Остатки товаров');
    const table = page.getByRole('table', { name: 'Остатки товаров' });
    await table.getByRole('row').filter({ hasText: 'Молоко 3,2%' }).filter({ hasText: '10' }).waitFor();
    await table.getByRole('row').filter({ hasText: 'Хлеб бородинский' }).filter({ hasText: '2,5' }).waitFor();
    expect(await table.getByRole('row').last().textContent()).toBe('Итого12,5');
    await page.getByRole('img', { name: 'Диаграмма: Остатки товаров' }).waitFor();
    await screenshot(page, 'engine-report');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Выгрузить в Excel' }).click()]);
    expect(download.suggestedFilename()).toBe('Остатки товаров.xlsx');

    // Another user changed the receipt meanwhile: saving says so, «Обновить» loads their version.
    await nav(page, 'Поступление товаров');
    await page.getByRole('gridcell', { name: 'ПТ-000001' }).click();
    await page.getByRole('group', { name: 'Товары: № 2' }).waitFor();
    const before = (await api.get(`/api/demo/documents/receipts/${receipt.id}`)).body;
    expect((await api.patch(`/api/demo/documents/receipts/${receipt.id}`, { version: before.version, counterparty: null })).status).toBe(200);
    await page.getByRole('button', { name: 'Записать' }).click();
    const conflict = page.getByRole('alert').filter({ hasText: 'Документ изменил другой пользователь' });
    await conflict.waitFor();
    await conflict.getByRole('button', { name: 'Обновить' }).click();
    await expect.poll(() => page.getByLabel('Поставщик').inputValue()).toBe('');
    await page.getByRole('button', { name: 'Записать' }).click();
    await page.getByText('Записано').waitFor();

    // Cancel posting, then post again.
    await page.getByRole('button', { name: 'Отменить проведение' }).click();
    await page.getByText('Проведение отменено', { exact: true }).waitFor();
    expect((await api.get(`/api/demo/documents/receipts/${receipt.id}`)).body.status).toBe('cancelled');
    await page.getByRole('button', { name: 'Провести', exact: true }).click();
    await page.getByText('Проведён', { exact: true }).waitFor();
    expect((await api.get(`/api/demo/documents/receipts/${receipt.id}`)).body.status).toBe('posted');

    // The status filter of a documents list.
    await nav(page, 'Продажа');
    await page.getByRole('gridcell', { name: 'РТ-000001' }).waitFor();
    await page.getByRole('button', { name: 'Фильтры' }).click();
    await page.getByRole('combobox', { name: /^Статус/ }).click();
    await page.getByRole('option', { name: 'Проведён' }).click();
    await page.getByRole('gridcell', { name: 'РТ-000001' }).waitFor({ state: 'detached' });
    await page.getByRole('combobox', { name: /^Статус/ }).click();
    await page.getByRole('option', { name: 'Черновик' }).click();
    await page.getByRole('gridcell', { name: 'Черновик' }).waitFor();
    await typeDate(page, 'Дата: с', '01.01.2099');
    // Shown the Russian way whatever the browser's language (an <input type=date> would not be).
    expect((await page.getByRole('group', { name: 'Дата: с' }).textContent())?.replace(/[^\d.]/g, '')).toBe('01.01.2099');
    await page.getByRole('gridcell', { name: 'РТ-000001' }).waitFor({ state: 'detached' });
    await screenshot(page, 'engine-list-filters');
    await page.getByRole('button', { name: 'Сбросить' }).click();
    await page.getByRole('gridcell', { name: 'РТ-000001' }).waitFor();

    // Quick search in a list; the documents list shows the status chips.
    await nav(page, 'Номенклатура');
    await page.getByRole('gridcell', { name: 'Молоко 3,2%' }).waitFor();
    // Sorting is done by the server: name descending puts «Хлеб» before «Молоко».
    const firstRow = () => page.getByRole('grid').getByRole('row').nth(1).textContent();
    await expect.poll(firstRow).toMatch(/^Молоко/);
    await page.getByRole('columnheader', { name: 'Наименование' }).click();
    await page.getByRole('columnheader', { name: 'Наименование' }).click();
    await expect.poll(firstRow).toMatch(/^Хлеб/);
    await page.getByRole('searchbox', { name: 'Поиск' }).fill('бород');
    await page.getByRole('gridcell', { name: 'Молоко 3,2%' }).waitFor({ state: 'detached' });
    await page.getByRole('gridcell', { name: 'Хлеб бородинский' }).waitFor();
    await nav(page, 'Поступление товаров');
    await page.getByRole('gridcell', { name: 'Проведён' }).waitFor();

    // The home widget now counts today's documents.
    await nav(page, 'Главная');
    await widget.filter({ hasText: '2' }).waitFor();
    expect(page.errors.filter((e) => /Invalid hook|two copies|Multiple instances/i.test(e))).toEqual([]);
    await page.close();
  }, 180_000);

  it('serves the real trade module with the same build: every list, new form and report opens', async () => {
    const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
    const user = { email: 'admin@trade-ui.test', password: 'Admin-Passw0rd-1' };
    const tenant = await onboardTenant(stack, ownerToken, { name: 'ООО «Торговля»', adminEmail: user.email, adminPassword: user.password, modules: ['trade'] });
    const meta = (await client(stack.url, tenant.adminToken).get('/api/trade/meta')).body;
    expect(meta.documents.length).toBeGreaterThan(0);

    const page = await newPage(browser);
    await page.goto(web.url + '/login');
    await page.evaluate(() => localStorage.clear());
    await signIn(page, web.url, user.email, user.password);
    const noErrorShown = async (where: string) => expect(await page.getByRole('alert').allTextContents(), where).toEqual([]);
    for (const [kind, entities] of [['documents', meta.documents], ['catalogs', meta.catalogs]] as const) {
      for (const e of entities) {
        await menu(page).locator(`a[href="/m/trade/${kind}/${e.code}"]`).click();
        await page.getByRole('heading', { name: e.title, exact: true }).waitFor();
        await page.getByRole('grid').waitFor();
        await noErrorShown(e.title);
        if (!e.allowedActions.includes('create')) continue;
        await page.getByRole('link', { name: 'Создать' }).click();
        await page.getByRole('button', { name: 'Записать' }).waitFor();
        await noErrorShown(`${e.title}: новый`);
        if (e === meta.documents[0]) await screenshot(page, 'engine-trade-document-new');
      }
    }
    for (const r of meta.reports) {
      await menu(page).locator(`a[href="/m/trade/reports/${r.code}"]`).click();
      await page.getByRole('heading', { name: r.title, exact: true }).waitFor();
      await page.getByRole('button', { name: 'Сформировать' }).waitFor();
      // Built (a table or «no data»), waiting for parameters, or failed (an alert, which fails the check below).
      await page.getByRole('table').or(page.getByText(/Нет данных за выбранные параметры|Заполните параметры/)).or(page.getByRole('alert')).first().waitFor();
      await noErrorShown(r.title);
      if (r === meta.reports[0]) await screenshot(page, 'engine-trade-report');
    }
    // In English the titles come from the declarations' titleEn.
    await page.evaluate(() => localStorage.setItem('wc.lang', 'en'));
    await page.goto(`${web.url}/m/trade/documents/${meta.documents[0].code}`);
    await page.getByRole('heading', { name: meta.documents[0].titleEn, exact: true }).waitFor();
    await page.getByRole('link', { name: 'Create' }).waitFor();
    expect(page.errors.filter((e) => /Invalid hook|two copies|Multiple instances|TypeError/i.test(e))).toEqual([]);
    await page.close();
  }, 180_000);

  it('is usable at 375 px: the list becomes cards, the form one column', async () => {
    const page = await newPage(browser);
    await page.setViewportSize({ width: 375, height: 800 });
    // The browser profile still holds the first test's session: start signed out.
    await page.goto(web.url + '/login');
    await page.evaluate(() => localStorage.clear());
    await signIn(page, web.url, ADMIN.email, ADMIN.password, '/m/demo/documents/receipts');
    await page.getByRole('heading', { name: 'Поступление товаров' }).waitFor();
    const card = page.getByRole('listitem').filter({ hasText: 'ПТ-000001' });
    await card.filter({ hasText: 'Проведён' }).waitFor();
    const noSideScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(await noSideScroll()).toBe(true);
    await screenshot(page, 'engine-list-375');

    await card.click();
    await page.getByRole('group', { name: 'Товары: № 2' }).waitFor();
    const quantity = page.getByRole('group', { name: 'Товары: № 1' }).getByLabel('Количество');
    expect(await quantity.inputValue()).toBe('10');
    // One column: the line's inputs are stacked, each as wide as the form.
    const [item, qty] = await Promise.all([page.getByRole('group', { name: 'Товары: № 1' }).getByLabel('Товар').boundingBox(), quantity.boundingBox()]);
    expect(qty!.y).toBeGreaterThan(item!.y);
    expect(await noSideScroll()).toBe(true);
    await screenshot(page, 'engine-form-375');
    await page.getByRole('button', { name: 'Провести', exact: true }).scrollIntoViewIfNeeded();
    await screenshot(page, 'engine-form-375-actions');
    await page.close();
  }, 90_000);
});
