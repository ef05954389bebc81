/**
 * (a) The whole path through the browser: the owner onboards a company in the owner console, the
 * company's admin creates a role and a user with it, and that user sees only what the role allows; then the
 * admin ends all of that user's sessions from the users page and the user's access token stops working.
 * Needs the UIs built (`npm test` builds first).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, login, nextInn, OWNER, startStack, type TestStack } from '../../backend/test/support/stack';
import { closeAll, newPage, openBrowser, signIn, signOut, type Browser, type Web } from './support/web';

describe('the workplace in the browser', () => {
  let stack: TestStack;
  let web: Web;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack({ label: 'ui_workplace' });
    ({ web, browser } = await openBrowser(stack.url));
  });
  afterAll(() => closeAll(browser, web, stack));

  it('owner onboards a company; its admin makes a read-only role and user; that user sees only what the role allows', async () => {
    const page = await newPage(browser);
    const company = `ООО «Ромашка ${Date.now() % 100000}»`;
    const adminEmail = `admin${Date.now()}@romashka.test`;
    const adminPassword = 'Admin-Passw0rd-1';

    // The owner signs in and opens the onboarding form from the side menu.
    await signIn(page, web.url, OWNER.email, OWNER.password);
    await page.getByRole('heading', { name: /Здравствуйте/ }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Подключить клиента' }).click();
    await page.getByRole('heading', { name: 'Подключить клиента' }).waitFor();
    await page.getByLabel('Название компании').fill(company);
    await page.getByLabel('ИНН').fill('1234567890'); // right length, wrong checksum: only the server knows
    await page.getByLabel('E-mail администратора').fill(adminEmail);
    await page.getByLabel('ФИО администратора').fill('Иванова Анна Сергеевна');
    await page.getByLabel('Пароль администратора').fill(adminPassword);
    await page.getByLabel(/Заметки/).check();
    expect((await page.getByTestId('onboard-total').textContent())!.replace(/\s/g, ' ')).toContain('1 200,00 ₽');
    await page.getByRole('button', { name: 'Подключить', exact: true }).click();
    // The server's field error is shown under the ИНН field.
    await page.locator('#' + (await page.getByLabel('ИНН').getAttribute('aria-describedby'))!.split(' ')[0]).filter({ hasText: /контрольн/i }).waitFor();

    await page.getByLabel('ИНН').fill(nextInn());
    await page.getByRole('button', { name: 'Подключить', exact: true }).click();
    await page.getByText(`Клиент «${company}» подключён`).waitFor();
    await page.waitForURL(/\/m\/owner\/tenants$/);
    await page.getByRole('gridcell', { name: company }).waitFor();
    await signOut(page);

    // The company's admin creates a role that may only read users…
    await signIn(page, web.url, adminEmail, adminPassword);
    await page.getByRole('navigation').getByRole('link', { name: 'Роли' }).click();
    await page.getByRole('button', { name: 'Новая роль' }).click();
    await page.getByLabel('Название роли').fill('Просмотр сотрудников');
    await page.getByRole('checkbox', { name: 'Пользователи: просмотр' }).check();
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByRole('button', { name: /Просмотр сотрудников/ }).waitFor();

    // …and invites a user with it.
    await page.getByRole('navigation').getByRole('link', { name: 'Пользователи' }).click();
    await page.getByRole('button', { name: 'Пригласить сотрудника' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('E-mail').fill(`viewer${Date.now()}@romashka.test`.replace(/^/, ''));
    const viewerEmail = await dialog.getByLabel('E-mail').inputValue();
    await dialog.getByLabel('ФИО').fill('Петров Пётр');
    // No password field: a password is the person's own, set by the link in the invitation letter.
    expect(await dialog.getByLabel(/Пароль/).count()).toBe(0);
    await dialog.getByLabel('Просмотр сотрудников', { exact: true }).check();
    await dialog.getByRole('button', { name: 'Пригласить сотрудника' }).click();
    await dialog.getByText(/Письмо отправлено на/).waitFor();
    await dialog.getByRole('button', { name: 'Закрыть' }).click();
    await page.getByRole('gridcell', { name: 'Петров Пётр' }).waitFor();
    await signOut(page);

    // The new user sets a password by the link in the letter…
    const letter = await stack.db.knex('platform.mail_outbox').where({ recipient: viewerEmail, kind: 'auth.invitation' }).first('text');
    await page.goto(web.url + /\/reset-password#token=[A-Za-z0-9_-]+/.exec(letter.text)![0]);
    await page.getByLabel('Новый пароль').fill('Viewer-Passw0rd-1');
    await page.getByLabel('Повторите пароль').fill('Viewer-Passw0rd-1');
    await page.getByRole('button', { name: 'Сохранить пароль' }).click();
    await page.getByRole('button', { name: 'Ко входу' }).click();

    // …and sees the users list, but no invite button and no roles page.
    await signIn(page, web.url, viewerEmail, 'Viewer-Passw0rd-1');
    const nav = page.getByRole('navigation');
    await nav.getByRole('link', { name: 'Пользователи' }).click();
    await page.getByRole('gridcell', { name: 'Иванова Анна Сергеевна' }).waitFor();
    expect(await page.getByRole('button', { name: 'Пригласить сотрудника' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Роли' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Изменить' }).count()).toBe(0);
    await page.goto(web.url + '/m/admin/roles');
    await page.getByText('Недостаточно прав для этого раздела').waitFor();

    // The admin ends all of the user's sessions (a lost laptop): the token the user had is refused at once.
    await signOut(page);
    const viewerToken = await login(stack.url, viewerEmail, 'Viewer-Passw0rd-1');
    expect((await client(stack.url, viewerToken).get('/api/me')).status).toBe(200);
    await signIn(page, web.url, adminEmail, adminPassword);
    await page.getByRole('navigation').getByRole('link', { name: 'Пользователи' }).click();
    await page.getByRole('row', { name: /Петров Пётр/ }).getByRole('button', { name: 'Завершить все сеансы' }).click();
    await page.getByRole('dialog').getByText('Завершить все сеансы сотрудника Петров Пётр в этой компании?', { exact: false }).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Завершить все сеансы' }).click();
    await page.getByText(/Завершено сеансов: [1-9]/).waitFor();
    expect((await client(stack.url, viewerToken).get('/api/me')).status).toBe(401);
    expect(page.errors.filter((e) => /Invalid hook|two copies|Multiple instances/i.test(e))).toEqual([]);
  });
});
