/**
 * Passkeys in the browser, with Chromium's virtual authenticator (DevTools WebAuthn domain): a person adds a passkey
 * in «Безопасность входа» (current password, then the device), signs out, and signs in with «Войти с ключом доступа»
 * alone; the login journal says «Ключ доступа». WebAuthn needs a domain, so the test opens the web app as localhost.
 * The same page downloads a person's data and sends the request to erase it (152-ФЗ), which the admin carries out.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../../backend/test/support/stack';
import { closeAll, newPage, openBrowser, signIn, signOut, type Browser, type Web } from './support/web';

let stack: TestStack;
let web: Web;
let browser: Browser;
let base: string;
let tenant: { tenantId: string; adminToken: string; adminPassword: string };
const email = 'admin@klyuch.ru';

beforeAll(async () => {
  stack = await startStack({ label: 'ui_passkeys' });
  ({ web, browser } = await openBrowser(stack.url));
  base = web.url.replace('127.0.0.1', 'localhost');
  // The relying party is the address people open.
  stack.config.publicWebUrl = base;
  tenant = await onboardTenant(stack, await login(stack.url, OWNER.email, OWNER.password), { name: 'ООО «Ключ»', adminEmail: email });
}, 240_000);
afterAll(() => closeAll(browser, web, stack));

it('a passkey added in the profile signs the person in without a password', async () => {
  const page = await newPage(browser);
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });

  await signIn(page, base, email, tenant.adminPassword, '/profile/security');
  await page.getByRole('heading', { name: 'Ключи доступа' }).waitFor();
  await page.getByText('Ключей доступа пока нет.').waitFor();
  await page.getByRole('button', { name: 'Добавить ключ доступа' }).click();
  const dialog = page.getByRole('dialog', { name: 'Добавить ключ доступа' });
  await dialog.getByLabel('Название ключа').fill('Ноутбук');
  await dialog.getByLabel('Текущий пароль').fill(tenant.adminPassword);
  await dialog.getByRole('button', { name: 'Добавить', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Ключ доступа «Ноутбук» добавлен.' }).waitFor();
  await page.getByRole('list', { name: 'Ключи доступа' }).getByText('Ноутбук').waitFor();

  await signOut(page);
  await page.getByRole('button', { name: 'Войти с ключом доступа' }).click();
  await page.getByRole('heading', { name: /Здравствуйте/ }).waitFor();
  const journal = await stack.db.knex('platform.login_journal').where({ email, success: true }).orderBy('id', 'desc').first('factor', 'tenant_id');
  expect(journal).toEqual({ factor: 'passkey', tenant_id: tenant.tenantId });
  expect(page.errors.filter((e) => !e.startsWith('Failed to load resource'))).toEqual([]);
  await page.close();
}, 180_000);

it('a person downloads their data and asks for erasure in the profile; the admin carries it out in «Пользователи»', async () => {
  const admin = client(stack.url, tenant.adminToken);
  const viewer = ((await admin.get('/api/admin/roles')).body as { id: string; code: string }[]).find((r) => r.code === 'viewer')!.id;
  expect((await admin.post('/api/admin/users', { email: 'anna@klyuch.ru', fullName: 'Анна Петрова', password: 'Zvezda-Utro-2026', roleIds: [viewer] })).status).toBe(201);
  // The first test left the admin signed in (the refresh cookie): this one starts signed out.
  await browser.context.clearCookies();
  const page = await newPage(browser);
  await signIn(page, base, 'anna@klyuch.ru', 'Zvezda-Utro-2026', '/profile/security');
  await page.getByRole('heading', { name: 'Мои персональные данные' }).waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Скачать мои данные' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^personal-data-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(await readFile((await download.path())!, 'utf8'));
  expect(data.person).toMatchObject({ email: 'anna@klyuch.ru', fullName: 'Анна Петрова' });
  expect(data.companies).toEqual([expect.objectContaining({ company: expect.objectContaining({ name: 'ООО «Ключ»' }), roles: [expect.any(String)] })]);

  await page.getByRole('button', { name: 'Удалить мои данные' }).click();
  await page.getByRole('dialog', { name: 'Удалить мои данные' }).getByRole('button', { name: 'Отправить запрос' }).click();
  await page.getByRole('status').filter({ hasText: /^Запрос на удаление данных отправлен/ }).waitFor();
  expect(await page.getByRole('button', { name: 'Удалить мои данные' }).count()).toBe(0);
  await signOut(page);

  await signIn(page, base, email, tenant.adminPassword, '/m/admin/users');
  const requests = page.getByRole('alert', { name: 'Запросы на удаление персональных данных' });
  await requests.getByText(/^Анна Петрова \(anna@klyuch\.ru\) просит удалить свои персональные данные/).waitFor();
  await requests.getByRole('button', { name: 'Удалить данные: Анна Петрова' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Удалить данные' }).click();
  await page.getByText(/^Данные удалены: теперь это «Удалённый пользователь №\d+»$/).waitFor();
  await page.getByRole('grid', { name: 'Пользователи' }).getByText(/^Удалённый пользователь №\d+$/).waitFor();
  expect((await client(stack.url).post('/api/auth/login', { email: 'anna@klyuch.ru', password: 'Zvezda-Utro-2026' })).status).toBe(401);
  expect(page.errors.filter((e) => !e.startsWith('Failed to load resource'))).toEqual([]);
  await page.close();
}, 180_000);
