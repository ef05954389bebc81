/**
 * Sign-in through the company's identity provider in the browser: the admin sets the provider up in «Журнал входов» →
 * «Вход через SSO» (checking the connection), then a person types a work e-mail, clicks «Войти через …», agrees on
 * the provider's page (a local OpenID Connect provider, backend/test/support/fake-oidc.ts) and lands in the workplace.
 * The company's own address /login/<slug>, set in the same dialog, starts its provider at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOidc, type FakeOidc } from '../../backend/test/support/fake-oidc';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../../backend/test/support/stack';
import { accessibilityProblems, closeAll, newPage, openBrowser, signIn, signOut, type Browser, type Web } from './support/web';

describe('SSO in the browser', () => {
  let stack: TestStack;
  let web: Web;
  let browser: Browser;
  let idp: FakeOidc;
  let tenant: { tenantId: string; adminToken: string; adminPassword: string };
  const email = 'admin@polyus.ru';

  beforeAll(async () => {
    stack = await startStack({ label: 'ui_sso' });
    ({ web, browser } = await openBrowser(stack.url));
    // The provider sends the browser back to the address people open, the web server in front of the backend.
    stack.config.publicWebUrl = web.url;
    idp = await startFakeOidc();
    tenant = await onboardTenant(stack, await login(stack.url, OWNER.email, OWNER.password), { name: 'ООО «Полюс»', adminEmail: email });
  });
  afterAll(async () => {
    await closeAll(browser, web, stack);
    await idp?.close();
  });

  it('the admin sets up the provider; «Войти через Полюс ID» goes through the provider’s page back into the workplace', async () => {
    const page = await newPage(browser);
    await signIn(page, web.url, email, tenant.adminPassword);
    await page.getByRole('heading', { name: /Здравствуйте/ }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Журнал входов' }).click();
    await page.getByRole('button', { name: 'Вход через SSO' }).click();
    const dialog = page.getByRole('dialog', { name: 'Вход через SSO' });
    await dialog.getByText(`Адрес возврата (redirect URI): ${web.url}/api/auth/sso/callback`).waitFor();
    await dialog.getByLabel('Название на кнопке «Войти через …»').fill('Полюс ID');
    await dialog.getByLabel('Адрес поставщика (issuer)').fill(idp.issuer);
    await dialog.getByLabel('Client ID').fill(idp.clientId);
    await dialog.getByLabel('Секрет клиента (client secret)').fill(idp.clientSecret);
    await dialog.getByLabel('Домен e-mail сотрудников').fill('polyus.ru');
    await dialog.getByRole('button', { name: 'Проверить подключение' }).click();
    await dialog.getByRole('status').filter({ hasText: `Поставщик ${idp.issuer} отвечает` }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await client(stack.url, tenant.adminToken).get('/api/admin/security/sso')).body).toMatchObject({ configured: true, displayName: 'Полюс ID', emailDomain: 'polyus.ru', clientSecretSet: true });

    await signOut(page);
    await page.getByLabel('E-mail').fill(email);
    await page.getByRole('button', { name: 'Войти через Полюс ID' }).click();
    await page.getByRole('heading', { name: 'Тестовый поставщик входа' }).waitFor();
    await page.getByLabel('Рабочий e-mail').fill(email);
    await page.getByRole('button', { name: 'Разрешить вход' }).click();
    await page.getByRole('heading', { name: /Здравствуйте/ }).waitFor();
    expect(page.url()).toBe(`${web.url}/`);

    await page.getByRole('navigation').getByRole('link', { name: 'Журнал входов' }).click();
    const grid = page.getByRole('grid', { name: 'Журнал входов' });
    await grid.getByRole('gridcell', { name: 'SSO' }).first().waitFor();
    await signOut(page);
    await page.close();
  });

  it('a company link offers its provider at once; a person the company does not have gets a Russian page', async () => {
    const page = await newPage(browser);
    await page.goto(`${web.url}/login?company=${tenant.tenantId}`);
    await page.getByRole('button', { name: 'Войти через Полюс ID' }).click();
    await page.getByLabel('Рабочий e-mail').fill('stranger@polyus.ru');
    await page.getByRole('button', { name: 'Разрешить вход' }).click();
    await page.getByRole('heading', { name: 'Вход через SSO не выполнен' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'stranger@polyus.ru — не сотрудник компании «ООО «Полюс»» в WorkCloud' }).waitFor();
    await page.getByRole('link', { name: 'Вернуться ко входу' }).click();
    await page.getByRole('button', { name: 'Войти', exact: true }).waitFor();
    await page.close();
  });

  it('the admin sets the company’s own address; /login/<slug> goes straight to its provider and back into the workplace', async () => {
    const page = await newPage(browser);
    await signIn(page, web.url, email, tenant.adminPassword);
    await page.getByRole('navigation').getByRole('link', { name: 'Журнал входов' }).click();
    await page.getByRole('button', { name: 'Вход через SSO' }).click();
    const dialog = page.getByRole('dialog', { name: 'Вход через SSO' });
    await dialog.getByLabel('Адрес входа компании').fill('polyus');
    await dialog.getByRole('button', { name: 'Сохранить адрес' }).click();
    await dialog.getByRole('status').filter({ hasText: `Ссылка на вход: ${web.url}/login/polyus` }).waitFor();
    await dialog.getByRole('button', { name: 'Отмена' }).click();
    await signOut(page);
    await page.goto(`${web.url}/login/polyus`);
    await page.getByRole('heading', { name: 'Тестовый поставщик входа' }).waitFor();
    await page.getByLabel('Рабочий e-mail').fill(email);
    await page.getByRole('button', { name: 'Разрешить вход' }).click();
    await page.getByRole('heading', { name: /Здравствуйте/ }).waitFor();
    await page.close();
  });
});
