/**
 * The company admin's login journal: every attempt on its people's accounts with time, address, user agent, result
 * (success, wrong password, throttled, 2FA failed) and the factor used; filters, paging, CSV export; nothing of other
 * companies, and not for members without the right.
 */
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';

const UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';

describe('login journal', () => {
  let stack: TestStack;
  let tenant: { tenantId: string; adminToken: string };
  const member = { email: 'kadry@zhurnal.ru', password: 'Osen-Listopad-2026', id: '' };
  const signIn = (body: object, ua = UA) => client(stack.url).post('/api/auth/login', body, { 'user-agent': ua });

  beforeAll(async () => {
    stack = await startStack({ label: 'login_journal' });
    const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
    tenant = await onboardTenant(stack, ownerToken, { name: 'ООО «Журнал»', adminEmail: 'admin@zhurnal.ru' });
    const created = await client(stack.url, tenant.adminToken).post('/api/admin/users', { email: member.email, fullName: 'Кадровик', password: member.password, roleIds: [] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    member.id = created.body.id;
    // Another company's person: never in this journal.
    await onboardTenant(stack, ownerToken, { name: 'ООО «Чужое»', adminEmail: 'admin@chuzhoe.ru' });
    await client(stack.url).post('/api/auth/login', { email: 'admin@chuzhoe.ru', password: 'wrong-password-x' });

    // The member: a wrong password, a right one, then with an authenticator a wrong code and a right one.
    expect((await signIn({ email: member.email, password: 'not-my-password' }, '=HYPERLINK("http://evil")')).status).toBe(401);
    const ok = await signIn({ email: member.email, password: member.password });
    const me = client(stack.url, ok.body.accessToken);
    const secret = (await me.post('/api/me/two-factor/enrol')).body.secret;
    const totp = new TOTP({ secret: Secret.fromBase32(secret) });
    expect((await me.post('/api/me/two-factor/confirm', { code: totp.generate() })).status).toBe(200);
    const challenge = (await signIn({ email: member.email, password: member.password })).body.challengeToken;
    expect((await client(stack.url).post('/api/auth/login/two-factor', { challengeToken: challenge, code: totp.generate({ timestamp: Date.now() - 10 * 60_000 }) })).status).toBe(401);
    expect((await client(stack.url).post('/api/auth/login/two-factor', { challengeToken: challenge, code: totp.generate({ timestamp: Date.now() + 30_000 }) }, { 'user-agent': UA })).status).toBe(200);
    // Then someone guesses until the account is throttled from this address.
    for (let i = 0; i < 6; i++) await signIn({ email: member.email, password: `guess-${i}-password` });
  });
  afterAll(() => stack?.close());

  test('the admin sees the member’s attempts with address, device, result and factor; filters narrow them', async () => {
    const admin = client(stack.url, tenant.adminToken);
    const all = await admin.get(`/api/admin/login-journal?userId=${member.id}&limit=200`);
    expect(all.status).toBe(200);
    const results = all.body.items.map((e: any) => `${e.result}/${e.factor}`);
    expect(results).toEqual(expect.arrayContaining(['wrong_password/password', 'success/password', 'two_factor_failed/totp', 'success/totp', 'throttled/null']));
    expect(all.body.total).toBe(all.body.items.length);
    const success = all.body.items.find((e: any) => e.factor === 'totp' && e.result === 'success');
    expect(success).toMatchObject({ email: member.email, fullName: 'Кадровик', ip: '127.0.0.1', userAgent: UA, resultTitle: 'Успешный вход' });
    // Newest first.
    expect(all.body.items[0].result).toBe('throttled');

    const failedCodes = (await admin.get('/api/admin/login-journal?result=two_factor_failed')).body;
    expect(failedCodes.items.map((e: any) => e.email)).toEqual([member.email]);
    const wrong = (await admin.get(`/api/admin/login-journal?result=wrong_password&userId=${member.id}`)).body;
    expect(wrong.items.every((e: any) => e.result === 'wrong_password')).toBe(true);
    expect(wrong.total).toBeGreaterThanOrEqual(5);

    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await admin.get(`/api/admin/login-journal?from=${today}&to=${today}`)).body.total).toBeGreaterThan(0);
    expect((await admin.get(`/api/admin/login-journal?from=${tomorrow}`)).body.total).toBe(0);
    expect((await admin.get(`/api/admin/login-journal?from=${tomorrow}&to=${today}`)).status).toBe(400);
    expect((await admin.get('/api/admin/login-journal?result=maybe')).status).toBe(400);

    const page1 = (await admin.get('/api/admin/login-journal?limit=2')).body;
    const page2 = (await admin.get('/api/admin/login-journal?limit=2&offset=2')).body;
    expect(page1.items).toHaveLength(2);
    expect(page2.items[0].id).not.toBe(page1.items[1].id);
    expect(page1.total).toBe(page2.total);
    // Nothing of the other company.
    expect(JSON.stringify((await admin.get('/api/admin/login-journal?limit=200')).body)).not.toContain('chuzhoe');
  });

  test('CSV export of the filter; a user agent cannot smuggle a formula into Excel', async () => {
    const res = await fetch(`${stack.url}/api/admin/login-journal/export.csv?userId=${member.id}`, { headers: { authorization: `Bearer ${tenant.adminToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="login-journal-/);
    const text = await res.text();
    const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Время (UTC);E-mail;Сотрудник;Адрес;Устройство (User-Agent);Результат;Способ входа');
    expect(lines.some((l) => l.includes('Неверный код второго фактора') && l.includes('Приложение-аутентификатор'))).toBe(true);
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).not.toContain('chuzhoe');
  });

  test('a member without the right to the audit log does not see the journal', async () => {
    const other = await onboardTenant(stack, await login(stack.url, OWNER.email, OWNER.password), { name: 'ООО «Права»', adminEmail: 'admin@prava.ru' });
    const created = await client(stack.url, other.adminToken).post('/api/admin/users', { email: 'prostoy@prava.ru', fullName: 'Простой', password: 'Leto-Solnce-2026', roleIds: [] });
    expect(created.status).toBe(201);
    const token = await login(stack.url, 'prostoy@prava.ru', 'Leto-Solnce-2026');
    expect((await client(stack.url, token).get('/api/admin/login-journal')).status).toBe(403);
  });
});
