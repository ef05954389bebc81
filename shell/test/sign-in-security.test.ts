/**
 * Sign-in security in the browser: signing in with a code from an authenticator app (computed here from the secret,
 * as the app would), a reload that keeps the session without any token in page storage, the profile's sessions
 * with «Завершить», the enrolment a company requires during sign-in, and the admin's «Журнал входов».
 */
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../../backend/test/support/stack';
import { accessibilityProblems, closeAll, newPage, openBrowser, signIn, signOut, type Browser, type Web } from './support/web';

/** The code an authenticator shows `stepsAhead` steps from now (a step ahead avoids reusing the code just used). */
const codeOf = (secret: string, stepsAhead = 0) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + stepsAhead * 30_000 });

describe('sign-in with TOTP, sessions and the login journal in the browser', () => {
  let stack: TestStack;
  let web: Web;
  let browser: Browser;
  let tenant: { tenantId: string; adminToken: string; adminPassword: string };
  const email = 'director@totp-ui.ru';
  let secret = '';
  let recoveryCodes: string[] = [];

  beforeAll(async () => {
    stack = await startStack({ label: 'ui_sign_in_security' });
    ({ web, browser } = await openBrowser(stack.url));
    tenant = await onboardTenant(stack, await login(stack.url, OWNER.email, OWNER.password), { name: 'ООО «Код»', adminEmail: email });
    const me = client(stack.url, tenant.adminToken);
    secret = (await me.post('/api/me/two-factor/enrol')).body.secret;
    const confirmed = await me.post('/api/me/two-factor/confirm', { code: codeOf(secret) });
    expect(confirmed.status).toBe(200);
    recoveryCodes = confirmed.body.recoveryCodes;
  });
  afterAll(() => closeAll(browser, web, stack));

  it('signs in with the code from the app; a reload keeps the session with no token in page storage', async () => {
    const page = await newPage(browser);
    await signIn(page, web.url, email, tenant.adminPassword);
    await page.getByRole('heading', { name: 'Код подтверждения' }).waitFor();
    await page.getByLabel('Код из приложения').fill('000000');
    await page.getByRole('button', { name: 'Подтвердить' }).click();
    await page.getByRole('alert').filter({ hasText: 'Код не подходит' }).waitFor();
    await page.getByLabel('Код из приложения').fill(codeOf(secret, 1));
    await page.getByRole('button', { name: 'Подтвердить' }).click();
    await page.getByRole('heading', { name: /Здравствуйте/ }).waitFor();

    await page.reload();
    await page.getByRole('heading', { name: /Здравствуйте/ }).waitFor();
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + sessionStorage.length + document.cookie);
    expect(stored).not.toMatch(/eyJ/); // no JWT
    expect(stored).not.toContain('wc_refresh'); // the refresh cookie is HttpOnly
    await page.close();
  });

  it('the profile shows 2FA on and the sessions; «Завершить» ends another device’s session at once', async () => {
    const firefox = { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/128.0' };
    const elsewhere = await client(stack.url).post('/api/auth/login', { email, password: tenant.adminPassword }, firefox);
    // Another device signs in with a recovery code (the app's codes of these steps are spent).
    const other = await client(stack.url).post('/api/auth/login/two-factor', { challengeToken: elsewhere.body.challengeToken, recoveryCode: recoveryCodes[0] }, firefox);
    expect(other.status).toBe(200);
    const page = await newPage(browser);
    await page.goto(web.url + '/');
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Безопасность входа' }).click();
    await page.getByRole('heading', { name: 'Безопасность входа' }).waitFor();
    await page.getByText('Включена. Осталось кодов восстановления: 9.').waitFor();
    const sessions = page.getByRole('list', { name: 'Сеансы' });
    await sessions.getByText('Это устройство').waitFor();
    await page.getByRole('button', { name: 'Завершить сеанс «Firefox, Windows»' }).click();
    await sessions.getByText('Firefox, Windows').waitFor({ state: 'detached' });
    expect((await client(stack.url, other.body.accessToken).get('/api/me')).status).toBe(401);
    expect(await accessibilityProblems(page)).toEqual([]);

    // Opened by its address on a phone in the dark theme: nothing wider than the screen, still accessible.
    await page.evaluate(() => localStorage.setItem('wc.themeMode', 'dark'));
    await page.setViewportSize({ width: 375, height: 800 });
    await page.reload();
    await page.getByRole('list', { name: 'Сеансы' }).getByText('Это устройство').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.evaluate(() => localStorage.removeItem('wc.themeMode'));
    await page.close();
  });

  it('a company that requires 2FA: a member enrols by the QR code while signing in and gets recovery codes', async () => {
    const admin = client(stack.url, tenant.adminToken);
    const member = { email: 'buh@totp-ui.ru', password: 'Schety-Leto-2026' };
    expect((await admin.post('/api/admin/users', { email: member.email, fullName: 'Бухгалтер Счётова', password: member.password, roleIds: [] })).status).toBe(201);
    expect((await admin.put('/api/admin/security/two-factor', { required: 'all' })).status).toBe(200);

    const page = await newPage(browser);
    await page.goto(web.url + '/');
    await signOut(page);
    await signIn(page, web.url, member.email, member.password);
    await page.getByRole('heading', { name: 'Подключите второй фактор' }).waitFor();
    await page.getByRole('img', { name: 'QR-код для приложения-аутентификатора' }).waitFor();
    const memberSecret = (await page.getByTestId('totp-secret').getAttribute('data-secret'))!;
    await page.getByLabel('Код из приложения').fill(codeOf(memberSecret));
    await page.getByRole('button', { name: 'Подтвердить' }).click();
    const codes = page.getByRole('list', { name: 'Коды восстановления' }).getByRole('listitem');
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    await page.getByRole('button', { name: 'Продолжить' }).click();
    await page.getByRole('heading', { name: /Здравствуйте/ }).waitFor();
    await page.close();
  });

  it('the admin signs in with a recovery code and reads «Журнал входов»: sign-ins with the app and the wrong code', async () => {
    const page = await newPage(browser);
    await page.goto(web.url + '/');
    await signOut(page);
    await signIn(page, web.url, email, tenant.adminPassword);
    // No phone at hand: a recovery code instead.
    await page.getByRole('button', { name: 'Нет доступа к приложению? Ввести код восстановления' }).click();
    await page.getByLabel('Код восстановления').fill(recoveryCodes[1]);
    await page.getByRole('button', { name: 'Подтвердить' }).click();
    await page.getByRole('heading', { name: /Здравствуйте/ }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Журнал входов' }).click();
    const grid = page.getByRole('grid', { name: 'Журнал входов' });
    await grid.getByRole('gridcell', { name: 'Неверный код' }).first().waitFor();
    await grid.getByRole('gridcell', { name: 'Приложение' }).first().waitFor();
    await page.getByRole('combobox', { name: 'Результат' }).click();
    await page.getByRole('option', { name: 'Неверный код' }).click();
    await grid.getByRole('gridcell', { name: 'Успешный вход' }).first().waitFor({ state: 'detached' });
    await page.close();
  });
});
