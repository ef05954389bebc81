/**
 * A company admin adds a field to a catalog from the UI; it appears in that company's form and API
 * and nowhere else; the admin also closes a period. Needs the UIs built (`npm test` builds first).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoModule } from '../../../backend/test/engine/demo-module';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../../../backend/test/support/stack';
import { closeAll, newPage, openBrowser, screenshot, signIn, typeDate, type Browser, type Web } from '../../../shell/test/support/web';

const ADMIN = { email: 'admin@fields-ui.test', password: 'Admin-Passw0rd-1' };
let stack: TestStack;
let web: Web;
let browser: Browser;
let mine: ReturnType<typeof client>;
let theirs: ReturnType<typeof client>;

beforeAll(async () => {
  stack = await startStack({ label: 'ui_fields', modules: [demoModule] });
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  await client(stack.url, ownerToken).post('/api/owner/modules/demo/ui-versions', { version: '1.0.0', remoteEntry: '/mf/trade/remoteEntry.js', remoteName: 'trade', makeCurrent: true });
  mine = client(stack.url, (await onboardTenant(stack, ownerToken, { name: 'Свои поля', adminEmail: ADMIN.email, adminPassword: ADMIN.password, modules: ['demo'] })).adminToken);
  theirs = client(stack.url, (await onboardTenant(stack, ownerToken, { name: 'Чужая', adminEmail: 'admin@other-fields.test', modules: ['demo'] })).adminToken);
  ({ web, browser } = await openBrowser(stack.url));
});
afterAll(() => closeAll(browser, web, stack));

it('a field added in «Настройка учёта» appears in the company’s item form and API only', async () => {
  const page = await newPage(browser);
  await signIn(page, web.url, ADMIN.email, ADMIN.password);
  const nps = page.getByRole('button', { name: 'Закрыть опрос' });
  const menu = page.getByRole('navigation', { name: 'Меню' });
  await menu.getByRole('link', { name: 'Настройка учёта', exact: true }).click();
  await page.getByRole('heading', { name: 'Настройка учёта' }).waitFor();
  await page.getByText('Дополнительных полей пока нет').waitFor();
  const form = page.getByRole('form', { name: 'Добавить поле' });
  await form.getByLabel('Справочник или документ').click();
  await page.getByRole('option', { name: 'Номенклатура' }).click();
  await form.getByLabel('Код поля (латиницей)').fill('shelf_life_days');
  await form.getByLabel('Название').fill('Срок годности, дней');
  await form.getByLabel('Тип').click();
  await page.getByRole('option', { name: 'Целое число' }).click();
  await form.getByRole('button', { name: 'Добавить поле' }).click();
  await page.getByText('Поле добавлено').waitFor();
  await page.getByRole('list', { name: 'Дополнительные поля' }).getByText('Срок годности, дней (shelf_life_days)').waitFor();

  // A wrong code is refused with the server's message under the field.
  await form.getByLabel('Код поля (латиницей)').fill('Срок');
  await form.getByLabel('Название').fill('Плохое');
  await form.getByRole('button', { name: 'Добавить поле' }).click();
  await page.getByText(/латинские строчные буквы/).waitFor();

  // The period: closed through a date, then opened again.
  await typeDate(page, 'Период закрыт по', '31.01.2026');
  // The NPS survey card (bottom right) may cover the button; a person closes it first.
  if (await nps.isVisible()) await nps.click();
  // The page has a section per setting, each with its own «Сохранить».
  const period = page.getByRole('region', { name: 'Закрытие периода' });
  await period.getByRole('button', { name: 'Сохранить' }).click();
  await period.getByText('Сохранено').waitFor();
  expect((await mine.get('/api/admin/period-lock')).body).toEqual({ closedThrough: '2026-01-31' });
  await screenshot(page, 'admin-accounting-settings');

  // The item form now has the field in its own section; the value reaches the API.
  await menu.getByRole('link', { name: 'Номенклатура', exact: true }).click();
  await page.getByRole('link', { name: 'Создать' }).click();
  await page.getByLabel('Наименование').fill('Кефир');
  await page.getByRole('region', { name: 'Дополнительные поля' }).getByLabel('Срок годности, дней').fill('7');
  await page.getByRole('button', { name: 'Записать' }).click();
  await page.getByText('Записано').waitFor();
  expect((await mine.get('/api/demo/catalogs/items?search=кефир')).body.items[0].custom).toEqual({ shelf_life_days: 7 });

  // The other company has no such field.
  expect((await theirs.get('/api/demo/meta')).body.catalogs.find((c: any) => c.code === 'items').customFields).toEqual([]);
  expect((await theirs.post('/api/demo/catalogs/items', { name: 'Кефир', custom: { shelf_life_days: 7 } })).status).toBe(400);
});
