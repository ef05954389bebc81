/**
 * Sign-in details a user notices: the company picker for people in several companies, a session
 * that refreshes itself without losing the page (one refresh for many parallel calls), Ctrl+K
 * search, and the phone-size menu drawer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../../backend/test/support/stack';
import { closeAll, newPage, openBrowser, screenshot, signIn, type Browser, type Web } from './support/web';

const ACCESS_TTL_SECONDS = 8;

describe('session, company picker, quick search, phone menu', () => {
  let stack: TestStack;
  let web: Web;
  let browser: Browser;
  const email = `both${Date.now()}@two.test`;
  const password = 'Both-Passw0rd-1';

  beforeAll(async () => {
    // Access tokens live 8 s here, so the test can let one expire (the page keeps it only in memory).
    stack = await startStack({ label: 'ui_session', env: { ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TTL_SECONDS) } });
    ({ web, browser } = await openBrowser(stack.url));
    const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
    await onboardTenant(stack, ownerToken, { name: 'ООО «Первая»', adminEmail: email, adminPassword: password });
    const second = await onboardTenant(stack, ownerToken, { name: 'ООО «Вторая»', adminEmail: `second${Date.now()}@two.test` });
    // The same person is invited into the second company too.
    const roles = (await client(stack.url, second.adminToken).get('/api/admin/roles')).body as { id: string; code: string }[];
    const res = await client(stack.url, second.adminToken).post('/api/admin/users', { email, fullName: 'Двоякий Сотрудник', roleIds: [roles.find((r) => r.code === 'admin')!.id] });
    expect(res.status).toBe(201);
    // An existing account joins only by accepting the invitation itself.
    const person = client(stack.url, await login(stack.url, email, password));
    const [invitation] = (await person.get('/api/me/invitations')).body;
    expect((await person.post(`/api/me/invitations/${invitation.id}/accept`)).status).toBe(200);
  });
  afterAll(() => closeAll(browser, web, stack));

  it('asks which company, then refreshes an expired access token once for parallel calls and keeps the page', async () => {
    const page = await newPage(browser);
    await signIn(page, web.url, email, password);
    await page.getByRole('heading', { name: 'Выберите компанию' }).waitFor();
    await page.getByRole('button', { name: 'ООО «Вторая»' }).click();
    await page.getByRole('heading', { name: /Здравствуйте/ }).waitFor();
    await page.getByText('ООО «Вторая»').first().waitFor();

    await page.getByRole('navigation').getByRole('link', { name: 'Пользователи' }).click();
    await page.getByRole('gridcell', { name: email }).waitFor();

    // The access token expires; the next calls get 401 and must refresh once (through the HttpOnly cookie).
    await page.waitForTimeout((ACCESS_TTL_SECONDS + 1.5) * 1000);
    const refreshes: number[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/auth/refresh')) refreshes.push(Date.now());
    });
    // Two parallel requests: the users list (search) and the roles list (dialog).
    await page.getByLabel('Поиск по имени или e-mail').fill('both');
    await page.getByRole('button', { name: 'Пригласить сотрудника' }).click();
    await page.getByRole('dialog').getByLabel('Администратор', { exact: true }).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Отмена' }).click();
    await page.getByRole('gridcell', { name: email }).waitFor();
    expect(refreshes.length).toBe(1);
    expect(page.url()).toMatch(/\/m\/admin\/users$/);
    expect(await page.getByRole('button', { name: 'Войти', exact: true }).count()).toBe(0);
    await page.close();
  });

  it('the sign-in page switches to English and remembers it', async () => {
    const page = await newPage(browser);
    await page.goto(web.url + '/login');
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.getByRole('heading', { name: 'Вход в WorkCloud' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Sign in to WorkCloud' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('button', { name: 'Войти', exact: true }).waitFor();
    await page.close();
  });

  it('Ctrl+K finds a section; the tenant card suspends and resumes; at 375 px the menu is a drawer behind a button', async () => {
    const page = await newPage(browser);
    await page.goto(web.url + '/');
    await page.evaluate(() => localStorage.clear());
    await signIn(page, web.url, OWNER.email, OWNER.password);
    await page.getByRole('heading', { name: /Здравствуйте/ }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Модули и версии' }).waitFor();
    await page.keyboard.press('Control+K');
    await page.getByRole('dialog').getByRole('textbox', { name: 'Быстрый поиск' }).fill('модули');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/m\/owner\/modules$/);
    await page.getByRole('heading', { name: 'Модули и версии' }).waitFor();

    // The tenant card: suspend (with confirmation) and resume.
    await page.goto(web.url + '/m/owner/tenants');
    await page.getByRole('gridcell', { name: 'ООО «Первая»' }).click();
    await page.getByRole('heading', { name: 'ООО «Первая»' }).waitFor();
    await page.getByRole('button', { name: 'Приостановить' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Приостановить' }).click();
    await page.getByText('Приостановлен', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Возобновить' }).click();
    await page.getByRole('button', { name: 'Приостановить' }).waitFor();
    expect(await page.getByText('Приостановлен', { exact: true }).count()).toBe(0);

    await page.setViewportSize({ width: 375, height: 780 });
    await page.goto(web.url + '/m/owner/tenants');
    await page.getByRole('heading', { name: 'Клиенты' }).waitFor();
    const menu = page.getByRole('navigation', { name: 'Меню' });
    expect(await menu.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Открыть меню' }).click();
    await menu.getByRole('link', { name: 'Подключить клиента' }).waitFor();
    await page.waitForTimeout(400); // the drawer slides in
    await screenshot(page, 'menu-mobile-light');
    await menu.getByRole('link', { name: 'Подключить клиента' }).click();
    await page.getByRole('heading', { name: 'Подключить клиента' }).waitFor();
    // Nothing sticks out sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.close();
  });
});
