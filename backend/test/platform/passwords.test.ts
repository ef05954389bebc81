/**
 * Password policy (10+ characters, not among the 100,000 most common, not the mailbox or company name, a company
 * may demand more), change with the current password (ends other sessions), and reset by a one-use e-mailed link.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isCommonPassword, passwordProblems } from '../../src/platform/auth/passwords';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';

describe('the policy', () => {
  test('weak passwords are refused with a reason; the test suite’s passwords pass', () => {
    expect(passwordProblems('password123').join()).toMatch(/самых распространённых/);
    expect(passwordProblems('qwerty12345').join()).toMatch(/самых распространённых/);
    expect(passwordProblems('QWERTY12345').join()).toMatch(/самых распространённых/);
    expect(passwordProblems('Short-1').join()).toMatch(/не короче 10/);
    expect(passwordProblems('aaaaaaaaaaaa').join()).toMatch(/повторяющегося/);
    expect(passwordProblems('ivan.petrov-2026!', { email: 'ivan.petrov@romashka.ru' }).join()).toMatch(/почтового ящика/);
    expect(passwordProblems('Romashka-2026-vesna', { companyNames: ['ООО «Ромашка»'] })).toEqual([]);
    expect(passwordProblems('Ромашка-2026-весна', { companyNames: ['ООО «Ромашка»'] }).join()).toMatch(/название компании/);
    expect(passwordProblems('Correct-Horse-9', { minLength: 16 }).join()).toMatch(/не короче 16/);
    expect(isCommonPassword('123456')).toBe(true);
    for (const p of ['Admin-Passw0rd-1', 'Owner-Test-Passw0rd', 'Owner-Passw0rd', 'User-Passw0rd-1']) expect(passwordProblems(p), p).toEqual([]);
  });
});

describe('change and reset', () => {
  let stack: TestStack;
  let tenant: { tenantId: string; adminToken: string };
  const email = 'kassir@vesna.ru';
  let password = 'Kassa-Vesna-2026';

  beforeAll(async () => {
    stack = await startStack({ label: 'passwords', env: { WEB_BASE_URL: 'https://app.workcloud.test' } });
    tenant = await onboardTenant(stack, await login(stack.url, OWNER.email, OWNER.password), { name: 'ООО «Весна»', adminEmail: 'admin@vesna.ru' });
    const res = await client(stack.url, tenant.adminToken).post('/api/admin/users', { email, fullName: 'Кассир', password, roleIds: [] });
    expect(res.status).toBe(201);
  });
  afterAll(() => stack?.close());

  test('an admin cannot give a common password, nor the company’s name', async () => {
    const admin = client(stack.url, tenant.adminToken);
    for (const weak of ['password123', 'qwerty12345', 'Весна-2026-касса']) {
      const res = await admin.post('/api/admin/users', { email: 'weak@vesna.ru', fullName: 'Слабый', password: weak, roleIds: [] });
      expect(res.status, weak).toBe(400);
      expect(res.body.errors[0].field).toBe('password');
    }
  });

  test('change: needs the current password, follows the policy, ends the other sessions only', async () => {
    const here = (await client(stack.url).post('/api/auth/login', { email, password })).body;
    const elsewhere = (await client(stack.url).post('/api/auth/login', { email, password })).body;
    const api = client(stack.url, here.accessToken);
    const wrong = await api.post('/api/me/password', { currentPassword: 'not-it-at-all', newPassword: 'Kassa-Leto-2026' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].field).toBe('currentPassword');
    const weak = await api.post('/api/me/password', { currentPassword: password, newPassword: 'password123' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0].field).toBe('newPassword');
    expect((await api.post('/api/me/password', { currentPassword: password, newPassword: 'Kassa-Leto-2026' })).status).toBe(204);
    password = 'Kassa-Leto-2026';
    // This session goes on; the other device's session is over (access and refresh).
    expect((await api.get('/api/me')).status).toBe(200);
    expect((await client(stack.url).post('/api/auth/refresh', { refreshToken: here.refreshToken })).status).toBe(200);
    expect((await client(stack.url, elsewhere.accessToken).get('/api/me')).status).toBe(401);
    expect((await client(stack.url).post('/api/auth/refresh', { refreshToken: elsewhere.refreshToken })).status).toBe(401);
    expect((await client(stack.url).post('/api/auth/login', { email, password: 'Kassa-Vesna-2026' })).status).toBe(401);
    await login(stack.url, email, password);
  });

  test('a company can demand longer passwords', async () => {
    const admin = client(stack.url, tenant.adminToken);
    expect((await admin.put('/api/admin/security', { passwordMinLength: 9 })).status).toBe(400);
    const set = await admin.put('/api/admin/security', { passwordMinLength: 18 });
    expect(set.status).toBe(200);
    expect(set.body.passwordMinLength).toBe(18);
    const api = client(stack.url, await login(stack.url, email, password));
    const short = await api.post('/api/me/password', { currentPassword: password, newPassword: 'Kassa-Osen-2026' });
    expect(short.status).toBe(400);
    expect(short.body.detail).toMatch(/не короче 18/);
    expect((await client(stack.url, (await client(stack.url).post('/api/auth/login', { email, password })).body.accessToken).put('/api/admin/security', { passwordMinLength: 12 })).status).toBe(403);
    await admin.put('/api/admin/security', { passwordMinLength: 10 });
  });

  test('reset: the same answer for any e-mail, a hashed one-use link for 30 minutes that ends all sessions', async () => {
    const anon = client(stack.url);
    const session = (await anon.post('/api/auth/login', { email, password })).body;
    const known = await anon.post('/api/auth/password/forgot', { email: 'KASSIR@vesna.ru' });
    const unknown = await anon.post('/api/auth/password/forgot', { email: 'nobody@vesna.ru' });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);

    const mails = await stack.db.knex('platform.mail_outbox').where({ kind: 'auth.password_reset' }).select('recipient', 'text', 'html');
    expect(mails.map((m) => m.recipient)).toEqual([email]);
    const token = /https:\/\/app\.workcloud\.test\/reset-password#token=([A-Za-z0-9_-]+)/.exec(mails[0].text)![1];
    const stored = await stack.db.knex('platform.password_tokens').select('token_hash', 'expires_at');
    expect(stored.map((r) => r.token_hash)).toContain(createHash('sha256').update(token).digest('hex'));
    expect(stored.map((r) => r.token_hash)).not.toContain(token);
    const minutes = (new Date(stored[0].expires_at).getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(28);
    expect(minutes).toBeLessThanOrEqual(30);

    expect((await anon.post('/api/auth/password/reset', { token, password: 'qwerty12345' })).status).toBe(400);
    const done = await anon.post('/api/auth/password/reset', { token, password: 'Novy-Kassa-Parol-1' });
    expect(done.status).toBe(200);
    expect(done.body.email).toBe(email);
    // The spent link is gone from the letter kept in the outbox (the owner's mail log shows letters).
    expect(JSON.stringify(await stack.db.knex('platform.mail_outbox').where({ kind: 'auth.password_reset' }).select('text', 'html'))).not.toContain(token);
    const again = await anon.post('/api/auth/password/reset', { token, password: 'Drugoy-Kassa-Parol-2' });
    expect(again.status).toBe(400);
    expect(again.body.detail).toMatch(/уже использована/);
    expect((await client(stack.url, session.accessToken).get('/api/me')).status).toBe(401);
    expect((await anon.post('/api/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
    password = 'Novy-Kassa-Parol-1';
    await login(stack.url, email, password);
  });

  test('an expired or made-up link is refused', async () => {
    await client(stack.url).post('/api/auth/password/forgot', { email });
    const mail = await stack.db.knex('platform.mail_outbox').where({ kind: 'auth.password_reset' }).orderBy('id', 'desc').first('text');
    const token = /#token=([A-Za-z0-9_-]+)/.exec(mail.text)![1];
    await stack.db.knex('platform.password_tokens').where({ token_hash: createHash('sha256').update(token).digest('hex') }).update({ expires_at: new Date(Date.now() - 1000) });
    const expired = await client(stack.url).post('/api/auth/password/reset', { token, password: 'Srok-Istek-Parol-9' });
    expect(expired.status).toBe(400);
    expect(expired.body.detail).toMatch(/истёк/);
    expect((await client(stack.url).post('/api/auth/password/reset', { token: 'x'.repeat(43), password: 'Srok-Istek-Parol-9' })).status).toBe(400);
  });
});
