/**
 * The trade module in the browser, as a sales manager's day starts: a Реализация is filled in, posted
 * and printed as a УПД — the PDF the browser downloads is the server's print form of that document —
 * and downloaded as the УПД XML for ЭДО.
 * Needs the UIs built (`npm test` builds first).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { client, login, nextInn, onboardTenant, OWNER, startStack, type TestStack } from '../../../backend/test/support/stack';
import { completeCompanyOrganization } from '../../../backend/test/trade/support';
import { closeAll, newPage, openBrowser, screenshot, signIn, type Browser, type Web } from '../../../shell/test/support/web';

const ADMIN = { email: 'admin@trade-ui.test', password: 'Admin-Passw0rd-1' };
let stack: TestStack;
let web: Web;
let browser: Browser;
let api: ReturnType<typeof client>;
/** Catalog items made in beforeAll, for the documents the test posts through the API later. */
const ids: Record<'org' | 'main' | 'kettle' | 'supplier' | 'buy', string> = { org: '', main: '', kettle: '', supplier: '', buy: '' };

beforeAll(async () => {
  stack = await startStack({ label: 'ui_trade' });
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  api = client(stack.url, (await onboardTenant(stack, ownerToken, { name: 'ООО «Торговый дом»', adminEmail: ADMIN.email, adminPassword: ADMIN.password, modules: ['trade'] })).adminToken);
  const create = async (catalog: string, body: Record<string, unknown>) => {
    const res = await api.post(`/api/trade/catalogs/${catalog}`, body);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as string;
  };
  // The organization onboarding made from the company's requisites, completed by its admin.
  const org = await completeCompanyOrganization(api, { inn: '7707083893', kpp: '770701001', bik: '044525311', account: '40702810300180001774', address: 'г. Москва', head: 'Иванов Иван Иванович' });
  const main = await create('warehouses', { name: 'Основной' });
  const kettle = await create('products', { name: 'Чайник электрический', article: 'KT-1' });
  // Children's goods at 10 % VAT on the card: the line takes the card's rate, and another price.
  const stroller = await create('products', { name: 'Коляска детская', article: 'KD-2', vat_rate: 'vat10' });
  const supplier = await create('counterparties', { name: 'ООО «Поставщик»', inn: nextInn(), is_supplier: true });
  const customer = await create('counterparties', { name: 'ООО «Покупатель»', inn: nextInn(), is_customer: true, legal_address: 'г. Тверь' });
  await create('contracts', { name: 'Договор поставки 1', owner_id: customer, organization: org, kind: 'customer', contract_number: '1', contract_date: '2026-01-15' });
  const buy = await create('contracts', { name: 'Договор закупки 7', owner_id: supplier, organization: org, kind: 'supplier' });
  Object.assign(ids, { org, main, kettle, supplier, buy });
  const retail = await create('price_types', { name: 'Розничная' });
  expect((await api.post('/api/trade/documents/price_setting?post=true', { date: '2026-11-01', price_type: retail, prices: [{ product: kettle, price: 305000 }, { product: stroller, price: 1210000 }] })).status).toBe(201);
  const receipt = await api.post('/api/trade/documents/receipt?post=true', { date: '2026-11-02', organization: org, warehouse: main, counterparty: supplier, contract: buy, price_includes_vat: false, goods: [{ product: kettle, quantity: '10', price: 100000 }] });
  expect(receipt.status).toBe(201);
  ({ web, browser } = await openBrowser(stack.url));
});
afterAll(() => closeAll(browser, web, stack));

it('a sale is filled in, posted and printed as a УПД', async () => {
  const page = await newPage(browser);
  await signIn(page, web.url, ADMIN.email, ADMIN.password);
  const menu = page.getByRole('navigation', { name: 'Меню' });
  await menu.getByRole('link', { name: 'Реализация товаров и услуг', exact: true }).click();
  await page.getByRole('link', { name: 'Создать' }).click();

  const pick = async (scope: typeof page | ReturnType<typeof page.getByRole>, label: string, typed: string, option: string) => {
    await scope.getByLabel(label).fill(typed);
    await page.getByRole('option', { name: option }).click();
  };
  // The form, not the side menu (whose «Склад» section is labelled like the field).
  const form = page.getByRole('main');
  await pick(form, 'Организация', 'торг', 'ООО «Торговый дом»');
  await pick(form, 'Склад', 'осн', 'Основной');
  await pick(form, 'Покупатель', 'покуп', 'ООО «Покупатель»');
  // The customer's only contract is filled in by the form itself (the server's live compute), as it is on saving.
  await expect.poll(() => form.getByLabel('Договор').inputValue()).toBe('Договор поставки 1');
  await pick(form, 'Вид цены', 'розн', 'Розничная');
  await page.getByRole('button', { name: 'Добавить строку' }).click();
  const row = page.getByRole('group', { name: 'Товары: № 1' });
  // Picked by mistake first: its price list price and 10 % come in; choosing the kettle instead replaces
  // both (they were suggested, not typed), as a sales manager expects.
  await pick(row, 'Номенклатура', 'коляс', 'Коляска детская');
  await expect.poll(() => row.getByLabel('Цена').inputValue()).toMatch(/^12\s?100,00$/);
  await expect.poll(() => row.getByLabel('Ставка НДС').textContent()).toMatch(/10/);
  await pick(row, 'Номенклатура', 'чайн', 'Чайник электрический');
  await row.getByLabel('Количество').fill('2');
  // The price comes from the price list of the chosen price type.
  await expect.poll(() => row.getByLabel('Цена').inputValue()).toMatch(/^3\s?050,00$/);
  // VAT is computed live by the server's own rules (22 % in 2026, price includes VAT): 6 100 × 22/122 = 1 100,00.
  await row.getByTestId('line-vat').filter({ hasText: '1\u00a0100,00' }).waitFor();
  await row.getByTestId('line-amount').filter({ hasText: '5\u00a0000,00' }).waitFor();
  await page.getByTestId('document-total').filter({ hasText: '6\u00a0100,00' }).waitFor();
  await page.getByTestId('document-vat').filter({ hasText: 'НДС: 1\u00a0100,00' }).waitFor();
  await page.getByRole('button', { name: 'Провести', exact: true }).click();
  await page.getByText('Документ проведён').waitFor();
  await page.getByText('Проведён', { exact: true }).waitFor();
  const heading = await page.getByRole('heading', { name: /^Реализация товаров и услуг РТУ-\d+ от / }).textContent();
  const number = /РТУ-\d+/.exec(heading ?? '')![0];
  await screenshot(page, 'trade-sale-posted');

  // 2 × 3 050,00 with VAT 22 % inside: 6 100,00, VAT 6 100 × 22/122 = 1 100,00.
  const saved = (await api.get(`/api/trade/documents/sale?search=${encodeURIComponent(number)}`)).body.items[0];
  expect(saved).toMatchObject({ number, status: 'posted', total: 610000, vat: 110000 });
  expect((await api.get(`/api/trade/registers/stock/balance`)).body.items[0].quantity).toBe('8.000');

  // Печать: УПД downloads the server's PDF of this very document.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Печать: УПД' }).click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^УПД ${number} от \\d\\d\\.\\d\\d\\.\\d{4}\\.pdf$`));
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'wc-upd-')), 'upd.pdf');
  await download.saveAs(file);
  const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/gu, ' ');
  expect(text).toContain(`Счет-фактура № ${number}`);
  expect(text).toContain('6 100,00');
  expect(text).toContain('ООО «Покупатель»');

  // «УПД (XML для ЭДО)»: the same sale as the ФНС XML (5.03, windows-1251), named after its ИдФайл.
  const [xml] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'УПД (XML для ЭДО)' }).click()]);
  expect(xml.suggestedFilename()).toMatch(/^ON_NSCHFDOPPR_\d+_7707083893770701001_\d{8}_[0-9a-f-]{36}_0_0_0_0_0_00\.xml$/);
  const xmlFile = path.join(path.dirname(file), 'upd.xml');
  await xml.saveAs(xmlFile);
  const xmlText = new TextDecoder('windows-1251').decode(readFileSync(xmlFile));
  expect(xmlText.startsWith('<?xml version="1.0" encoding="windows-1251"?>')).toBe(true);
  expect(xmlText).toContain('Функция="СЧФДОП"');
  expect(xmlText).toContain(`НомерДок="${number}"`);
  expect(xmlText).toContain('СтТовУчНалВсего="6100.00"');

  // The home page: today's sales (5 000,00 without VAT) and what customers owe (6 100,00).
  await menu.getByRole('link', { name: 'Главная' }).click();
  await page.getByTestId('trade-sales-today').filter({ hasText: '5\u00a0000,00' }).waitFor();
  await page.getByTestId('trade-receivables').filter({ hasText: '6\u00a0100,00' }).waitFor();
  await page.getByTestId('trade-low-stock').filter({ hasText: /^\d+$/ }).waitFor();
  const sequence = page.getByTestId('trade-cost-sequence');
  await sequence.getByText('Последовательность не нарушена').waitFor();
  await screenshot(page, 'trade-home-widgets');

  // A receipt entered late, dated the 3rd at 1 600,00: the sale's cost (2 × 1 000,00) is now out of date.
  const late = await api.post('/api/trade/documents/receipt?post=true', { date: '2026-11-03', organization: ids.org, warehouse: ids.main, counterparty: ids.supplier, contract: ids.buy, price_includes_vat: false, goods: [{ product: ids.kettle, quantity: '10', price: 160000 }] });
  expect(late.status).toBe(201);
  const saleCost = async () => (await api.get(`/api/trade/reports/sales_analysis?from=2026-11-01&to=2099-12-31&organization=${ids.org}`)).body.totals.cost;
  expect(await saleCost()).toBe(200000);
  await page.reload();
  await sequence.getByText('ООО «Торговый дом»: последовательность нарушена с 03.11.2026').waitFor();
  await sequence.getByRole('button', { name: 'Восстановить последовательность' }).click();
  // Re-posted in date order: the late receipt, then the sale at the new average (26 000 / 20 = 1 300,00 each).
  await sequence.getByText(/Перепроведено документов с 03\.11\.2026: 2\. Себестоимость продаж: 2\s000,00\s₽ → 2\s600,00\s₽\./).waitFor();
  await sequence.getByText('Последовательность не нарушена').waitFor();
  expect(await saleCost()).toBe(260000);
  await screenshot(page, 'trade-cost-sequence-restored');
});
