/**
 * A person's own account in the browser: «Забыли пароль?» on the sign-in page, the e-mailed link's page that sets
 * a new password, and a pending invitation into another company accepted on the home page — with axe checks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../../backend/test/support/stack';
import { accessibilityProblems, closeAll, newPage, openBrowser, signIn, type Browser, type Web } from './support/web';

describe('password reset and invitations in the shell', () => {
  let stack: TestStack;
  let web: Web;
  let browser: Browser;
  const email = `person${Date.now()}@first.test`;

  beforeAll(async () => {
    stack = await startStack({ label: 'ui_account' });
    ({ web, browser } = await openBrowser(stack.url));
    const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
    await onboardTenant(stack, ownerToken, { name: 'ООО «Первая»', adminEmail: email });
    const second = await onboardTenant(stack, ownerToken, { name: 'ООО «Вторая»', adminEmail: `boss${Date.now()}@second.test` });
    const roles = (await client(stack.url, second.adminToken).get('/api/admin/roles')).body as { id: string; code: string }[];
    const invited = await client(stack.url, second.adminToken).post('/api/admin/users', { email, fullName: 'Кто угодно', roleIds: [roles.find((r) => r.code === 'viewer')!.id] });
    expect(invited.status).toBe(201);
  });
  afterAll(() => closeAll(browser, web, stack));

  it('forgot password → link → new password → sign in → accept the invitation on the home page', async () => {
    const page = await newPage(browser);
    await page.goto(web.url + '/login');
    await page.getByRole('button', { name: 'Забыли пароль?' }).click();
    await page.getByRole('heading', { name: 'Восстановление пароля' }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByLabel('E-mail').fill(email);
    await page.getByRole('button', { name: 'Отправить ссылку' }).click();
    await page.getByRole('status').getByText(/отправлено письмо/).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);

    const mail = await stack.db.knex('platform.mail_outbox').where({ kind: 'auth.password_reset', recipient: email }).first('text');
    const link = /\/reset-password#token=[A-Za-z0-9_-]+/.exec(mail.text)![0];
    await page.goto(web.url + link);
    await page.getByRole('heading', { name: 'Новый пароль' }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    // A common password is refused with the server's reason under the field.
    await page.getByLabel('Новый пароль').fill('password123');
    await page.getByLabel('Повторите пароль').fill('password123');
    await page.getByRole('button', { name: 'Сохранить пароль' }).click();
    await page.getByText(/самых распространённых/).first().waitFor();
    const fresh = 'Vesennyaya-Kapel-2026';
    await page.getByLabel('Новый пароль').fill(fresh);
    await page.getByLabel('Повторите пароль').fill(fresh);
    await page.getByRole('button', { name: 'Сохранить пароль' }).click();
    await page.getByText(/изменён\. Войдите с новым паролем/).waitFor();
    expect(page.url()).not.toContain('token=');
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole('button', { name: 'Ко входу' }).click();

    await signIn(page, web.url, email, fresh);
    await page.getByRole('heading', { name: /Здравствуйте/ }).waitFor();
    const card = page.getByRole('region', { name: 'Приглашения в компании' });
    await card.getByText('ООО «Вторая»').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await card.getByRole('button', { name: 'Принять приглашение в «ООО «Вторая»»' }).click();
    await card.getByRole('status').getByText(/Вы приняты в «ООО «Вторая»»/).waitFor();
    const member = await stack.db.knex('platform.memberships as m').join('platform.tenants as t', 't.id', 'm.tenant_id').join('platform.users as u', 'u.id', 'm.user_id').where({ 'u.email': email, 't.name': 'ООО «Вторая»' }).first('m.status');
    expect(member.status).toBe('active');

    // As the admin of «Первая» the person may demand longer passwords of its people.
    await page.goto(web.url + '/m/admin/users');
    await page.getByRole('button', { name: 'Требования к паролям' }).click();
    const dialog = page.getByRole('dialog', { name: 'Требования к паролям' });
    // The company's current rule is loaded before typing (the platform's 10 until the company set another).
    await expect.poll(() => dialog.getByLabel('Минимальная длина пароля').inputValue(), { timeout: 30_000 }).toBe('10');
    await dialog.getByLabel('Минимальная длина пароля').fill('9');
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await dialog.getByText(/Не меньше 10/).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await dialog.getByLabel('Минимальная длина пароля').fill('14');
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await stack.db.knex('platform.tenants').where({ name: 'ООО «Первая»' }).first('password_min_length')).password_min_length).toBe(14);

    // The refused weak password is an expected 400; no script errors.
    expect(page.errors.filter((e) => !e.startsWith('Failed to load resource'))).toEqual([]);
    await page.close();
  });
});
