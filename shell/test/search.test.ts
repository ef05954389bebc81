/**
 * The workplace's quick search in the browser: Ctrl+K, type, the server's results grouped, opened with
 * the keyboard. Needs the UIs built (`npm test` builds first).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../../backend/test/support/stack';
import { createItem } from '../../backend/test/trade/support';
import { closeAll, newPage, openBrowser, signIn, type Browser, type Web } from './support/web';

describe('quick search in the browser', () => {
  let stack: TestStack;
  let web: Web;
  let browser: Browser;
  let admin: { email: string; password: string };
  let sale: { id: string; number: string };
  let productId: string;

  beforeAll(async () => {
    stack = await startStack({ label: 'ui_search' });
    ({ web, browser } = await openBrowser(stack.url));
    const owner = await login(stack.url, OWNER.email, OWNER.password);
    admin = { email: 'admin@search-ui.ru', password: 'Admin-Passw0rd-1' };
    const tenant = await onboardTenant(stack, owner, { name: 'ООО «Поиск в браузере»', adminEmail: admin.email, adminPassword: admin.password, modules: ['trade'] });
    const api = client(stack.url, tenant.adminToken);
    const organization = await createItem(api, 'organizations', { name: 'ООО «Поиск в браузере»', inn: '7707083893' });
    const counterparty = await createItem(api, 'counterparties', { name: 'ООО «Василёк»' });
    productId = await createItem(api, 'products', { name: 'Кофемашина Delonghi', barcode: '4607001234562' });
    const res = await api.post('/api/trade/documents/sale', {
      organization,
      counterparty,
      contract: await createItem(api, 'contracts', { name: 'Основной договор', owner_id: counterparty }),
      warehouse: await createItem(api, 'warehouses', { name: 'Основной склад' }),
      date: '2026-03-05',
      goods: [{ product: productId, quantity: '1', price: 4500000 }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    sale = { id: res.body.id, number: res.body.number };
  }, 180_000);
  afterAll(() => closeAll(browser, web, stack));

  it('finds a sale by its number and a product by its name, opens them with the keyboard; Esc closes; recent searches stay', async () => {
    const page = await newPage(browser);
    await signIn(page, web.url, admin.email, admin.password);
    await page.getByRole('heading', { name: /Здравствуйте/ }).waitFor();

    await page.keyboard.press('Control+K');
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Быстрый поиск' }).fill(sale.number);
    const documents = dialog.getByRole('group', { name: 'Документы' });
    await documents.getByRole('option', { name: new RegExp(`Реализация товаров и услуг ${sale.number}.*05\\.03\\.2026 · ООО «Василёк»`) }).waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/m/trade/documents/sale/${sale.id}$`));
    await page.getByRole('heading', { name: new RegExp(sale.number) }).waitFor();

    await page.keyboard.press('Control+K');
    await dialog.getByRole('textbox', { name: 'Быстрый поиск' }).fill('кофемашин');
    const product = dialog.getByRole('group', { name: 'Справочники' }).getByRole('option', { name: /Кофемашина Delonghi/ });
    await product.waitFor();
    // Down and back up: the keyboard moves the selection, Enter opens the selected one.
    const options = dialog.getByRole('option');
    const productIndex = (await options.allTextContents()).findIndex((text) => text.includes('Кофемашина Delonghi'));
    for (let i = 0; i < productIndex + 1; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    expect(await product.getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/m/trade/catalogs/products/${productId}$`));

    // Esc closes; opened again with nothing typed, it offers the recent searches.
    await page.keyboard.press('Control+K');
    await dialog.getByRole('group', { name: 'Недавние запросы' }).getByRole('option', { name: 'кофемашин' }).waitFor();
    await dialog.getByRole('group', { name: 'Недавние запросы' }).getByRole('option', { name: sale.number }).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('a star on the document keeps it in «Избранное»: the side menu and the home card open it', async () => {
    const page = await newPage(browser);
    // The browser profile is still signed in from the test above.
    await page.goto(`${web.url}/m/trade/documents/sale/${sale.id}`);
    await page.getByRole('heading', { name: new RegExp(sale.number) }).waitFor();
    await page.getByRole('button', { name: 'Добавить в избранное' }).click();
    await page.getByRole('button', { name: 'Убрать из избранного', pressed: true }).waitFor();
    const favorites = page.getByRole('navigation', { name: 'Меню' }).getByRole('list', { name: 'Избранное' });
    await favorites.getByRole('link', { name: new RegExp(sale.number) }).waitFor();

    await page.getByRole('navigation', { name: 'Меню' }).getByRole('link', { name: 'Главная' }).click();
    await page.getByRole('heading', { name: /Здравствуйте/ }).waitFor();
    await page.getByRole('main').getByRole('list', { name: 'Избранное' }).getByRole('link', { name: new RegExp(sale.number) }).click();
    await page.waitForURL(new RegExp(`/m/trade/documents/sale/${sale.id}$`));
    await page.getByRole('heading', { name: new RegExp(sale.number) }).waitFor();
  });
});
