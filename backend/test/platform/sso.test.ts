/**
 * Sign-in through a company's identity provider (OpenID Connect, code + PKCE) against a local provider that follows the
 * spec (test/support/fake-oidc.ts): discovery, the consent page, the token endpoint with the PKCE check, a signed
 * id_token and its JWKS. What goes in, what is refused and why (in Russian), and how the client secret is kept.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startFakeOidc, type FakeOidc } from '../support/fake-oidc';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';

const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]);
const cookie = (res: Response, name: string) => cookiesOf(res).find((c) => c.startsWith(name + '='))?.slice(name.length + 1);

describe('sign-in through the company identity provider (OIDC)', () => {
  let stack: TestStack;
  let idp: FakeOidc;
  let sever: { tenantId: string; adminToken: string; adminPassword: string };
  let yug: { tenantId: string; adminToken: string; adminPassword: string };

  /** The browser's trip: start → the provider's consent as `email` → the callback with the state cookie. */
  async function viaProvider(email: string, options: { tenantId?: string; state?: string; accept?: string } = {}) {
    const start = await fetch(`${stack.url}/api/auth/sso/start?tenantId=${options.tenantId ?? sever.tenantId}`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const callbackUrl = await idp.consent(start.headers.get('location')!, email);
    expect(callbackUrl.startsWith(`${stack.url}/api/auth/sso/callback?`)).toBe(true);
    const callback = await fetch(callbackUrl, {
      redirect: 'manual',
      headers: { cookie: `wc_sso=${options.state ?? cookie(start, 'wc_sso')}`, accept: options.accept ?? 'application/json', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0' },
    });
    const text = await callback.text();
    return { status: callback.status, location: callback.headers.get('location'), refresh: cookie(callback, 'wc_refresh'), text, body: text.startsWith('{') ? JSON.parse(text) : undefined, callbackUrl, state: cookie(start, 'wc_sso') };
  }

  /** The workplace opened after the redirect: it restores the session from the refresh cookie. */
  async function me(refresh: string) {
    const res = await fetch(`${stack.url}/api/auth/refresh`, { method: 'POST', headers: { cookie: `wc_refresh=${refresh}`, 'content-type': 'application/json' }, body: '{}' });
    const { accessToken } = await res.json();
    return (await client(stack.url, accessToken).get('/api/me')).body;
  }

  beforeAll(async () => {
    stack = await startStack({ label: 'sso' });
    stack.config.publicWebUrl = stack.url;
    idp = await startFakeOidc();
    const owner = await login(stack.url, OWNER.email, OWNER.password);
    sever = await onboardTenant(stack, owner, { name: 'ООО «Север»', adminEmail: 'admin@sever.ru' });
    // A company whose director happens to have an address of Север's domain.
    yug = await onboardTenant(stack, owner, { name: 'ООО «Юг»', adminEmail: 'director@sever.ru' });
  });
  afterAll(async () => {
    await stack?.close();
    await idp?.close();
  });

  test('the admin configures the provider: the client secret is never answered and is stored encrypted; «Проверить подключение» reads discovery', async () => {
    const admin = client(stack.url, sever.adminToken);
    expect((await admin.get('/api/admin/security/sso')).body).toMatchObject({ configured: false, redirectUri: `${stack.url}/api/auth/sso/callback` });
    const noSecret = await admin.put('/api/admin/security/sso', { displayName: 'Север ID', issuer: idp.issuer, clientId: idp.clientId, emailDomain: 'sever.ru', passwordSignIn: true });
    expect(noSecret.status).toBe(400);
    expect(noSecret.body.detail).toMatch(/Укажите секрет клиента/);
    const badDomain = await admin.put('/api/admin/security/sso', { displayName: 'Север ID', issuer: idp.issuer, clientId: idp.clientId, clientSecret: 'x', emailDomain: '@sever', passwordSignIn: true });
    expect(badDomain.status).toBe(400);
    expect(badDomain.contentType).toMatch(/application\/problem\+json/);

    const saved = await admin.put('/api/admin/security/sso', { displayName: 'Север ID', issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, emailDomain: 'Sever.RU', passwordSignIn: true });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({
      configured: true, displayName: 'Север ID', issuer: idp.issuer, clientId: idp.clientId, clientSecretSet: true, emailDomain: 'sever.ru', passwordSignIn: true, jitRoleId: null, redirectUri: `${stack.url}/api/auth/sso/callback`,
    });
    expect(JSON.stringify((await admin.get('/api/admin/security/sso')).body)).not.toContain(idp.clientSecret);
    const row = await stack.db.knex('platform.sso_providers').where({ tenant_id: sever.tenantId }).first();
    expect(JSON.stringify(row)).not.toContain(idp.clientSecret);
    expect(row.client_secret_sealed).toMatch(/^v1\./);
    // Saving again without the secret keeps it.
    const again = await admin.put('/api/admin/security/sso', { displayName: 'Север ID', issuer: idp.issuer, clientId: idp.clientId, emailDomain: 'sever.ru', passwordSignIn: true });
    expect(again.status, JSON.stringify(again.body)).toBe(200);

    const ok = await admin.post('/api/admin/security/sso/test', { issuer: idp.issuer });
    expect(ok.status).toBe(200);
    expect(ok.body.detail).toContain(`${idp.issuer}/authorize`);
    const wrong = await admin.post('/api/admin/security/sso/test', { issuer: `${idp.issuer}/other` });
    expect(wrong.status).toBe(422);
    expect(wrong.body.detail).toMatch(/не ответил как OpenID Connect: на запрос документа discovery ответ 404/);
    // Another company's admin sees only its own (none).
    expect((await client(stack.url, yug.adminToken).get('/api/admin/security/sso')).body.configured).toBe(false);
  });

  test('the sign-in page is offered «Войти через Север ID» for the domain and for the company link, nothing for other domains', async () => {
    const anon = client(stack.url);
    const offer = [{ tenantId: sever.tenantId, name: 'Север ID', companyName: 'ООО «Север»' }];
    expect((await anon.get('/api/auth/sso/providers?email=someone@Sever.ru')).body).toEqual({ providers: offer });
    expect((await anon.get(`/api/auth/sso/providers?company=${sever.tenantId}`)).body).toEqual({ providers: offer });
    expect((await anon.get('/api/auth/sso/providers?email=someone@yug.ru')).body).toEqual({ providers: [] });
    const bad = await anon.get('/api/auth/sso/providers?company=не_адрес');
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/адрес входа компании/);
  });

  test('the company’s sign-in address /login/<slug> finds its provider; an address is unique and checked', async () => {
    const anon = client(stack.url);
    const admin = client(stack.url, sever.adminToken);
    expect((await anon.get('/api/auth/sso/providers?company=sever')).body).toEqual({ providers: [] });
    expect((await admin.get('/api/admin/security/sign-in-link')).body).toEqual({ slug: null, url: null });
    const set = await admin.put('/api/admin/security/sign-in-link', { slug: ' Sever ' });
    expect(set.body).toEqual({ slug: 'sever', url: `${stack.config.publicWebUrl}/login/sever` });
    expect((await anon.get('/api/auth/sso/providers?company=sever')).body).toEqual({ providers: [{ tenantId: sever.tenantId, name: 'Север ID', companyName: 'ООО «Север»' }] });
    const taken = await client(stack.url, yug.adminToken).put('/api/admin/security/sign-in-link', { slug: 'sever' });
    expect(taken.status).toBe(409);
    expect(taken.body.detail).toBe('Адрес входа «sever» уже занят другой компанией. Выберите другой, например с городом или ИНН.');
    const invalid = await admin.put('/api/admin/security/sign-in-link', { slug: '-север' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([expect.objectContaining({ field: 'slug', message: expect.stringMatching(/^Адрес входа — от 3 до 40 латинских букв/) })]);
    expect((await admin.get('/api/admin/audit-log?entity=SignInLink')).body.items[0]).toMatchObject({ action: 'update', before: { slug: null }, after: { slug: 'sever' } });
  });

  test('an active member signs in: the workplace of that company opens, the login journal records SSO', async () => {
    const res = await viaProvider('admin@sever.ru');
    expect(res.status).toBe(302);
    expect(res.location).toBe(`${stack.url}/`);
    expect(res.refresh).toBeTruthy();
    const who = await me(res.refresh!);
    expect(who.user.email).toBe('admin@sever.ru');
    expect(who.tenant.id).toBe(sever.tenantId);
    const journal = (await client(stack.url, sever.adminToken).get('/api/admin/login-journal')).body.items;
    expect(journal[0]).toMatchObject({ email: 'admin@sever.ru', result: 'success', factor: 'sso' });
    const csv = (await client(stack.url, sever.adminToken).get('/api/admin/login-journal/export.csv')).body as string;
    expect(csv.split('\r\n')[1]).toMatch(/admin@sever\.ru;.*;Успешный вход;SSO$/);
  });

  test('a forged, replayed or bent answer is refused with a Russian reason', async () => {
    const otherState = await viaProvider('admin@sever.ru', { state: 'x'.repeat(32) });
    expect(otherState.status).toBe(403);
    expect(otherState.body.detail).toMatch(/state не совпадает/);

    const once = await viaProvider('admin@sever.ru');
    const replay = await fetch(once.callbackUrl, { redirect: 'manual', headers: { cookie: `wc_sso=${once.state}`, accept: 'application/json' } });
    expect(replay.status).toBe(403);
    expect((await replay.json()).detail).toMatch(/истекло .* или этот ответ уже использован/);

    const cases: [FakeOidc['nextToken'], RegExp][] = [
      [{ nonce: 'another-sign-in' }, /nonce не совпадает/],
      [{ expiredSecondsAgo: 600 }, /срок действия подтверждения от поставщика истёк/],
      [{ iss: 'https://login.evil.example' }, /выдано другим поставщиком \(«https:\/\/login\.evil\.example»\)/],
      [{ foreignKey: true }, /подпись подтверждения не сходится с ключами поставщика/],
      [{ emailVerified: false }, /не подтвердил адрес admin@sever\.ru/],
    ];
    for (const [bend, reason] of cases) {
      idp.nextToken = bend;
      const res = await viaProvider('admin@sever.ru');
      expect(res.status, JSON.stringify(bend)).toBeGreaterThanOrEqual(401);
      expect(res.status).toBeLessThanOrEqual(403);
      expect(res.body.detail).toMatch(reason);
      expect(res.refresh).toBeUndefined();
    }
  });

  test('an unknown person, another company’s person and another domain are refused and journalled; a browser gets a Russian page', async () => {
    const unknown = await viaProvider('stranger@sever.ru');
    expect(unknown.status).toBe(403);
    expect(unknown.body.detail).toBe('stranger@sever.ru — не сотрудник компании «ООО «Север»» в WorkCloud. Попросите администратора компании пригласить вас.');

    const ofYug = await viaProvider('director@sever.ru');
    expect(ofYug.status).toBe(403);
    expect(ofYug.body.detail).toMatch(/director@sever\.ru — не сотрудник компании «ООО «Север»»/);

    const otherDomain = await viaProvider('admin@yug.ru');
    expect(otherDomain.status).toBe(403);
    expect(otherDomain.body.detail).toMatch(/Адрес admin@yug\.ru не из домена sever\.ru, для которого компания «ООО «Север»» настроила вход через SSO/);

    const page = await viaProvider('stranger@sever.ru', { accept: 'text/html,application/xhtml+xml' });
    expect(page.status).toBe(403);
    expect(page.text).toContain('<h1>Вход через SSO не выполнен</h1>');
    expect(page.text).toContain('<p role="alert">stranger@sever.ru — не сотрудник компании «ООО «Север»»');
    expect(page.text).toContain(`href="${stack.url}/login"`);

    const refused = (await client(stack.url, sever.adminToken).get('/api/admin/login-journal?result=refused')).body.items;
    expect(refused.map((e: { email: string; factor: string }) => `${e.email} ${e.factor}`)).toEqual(expect.arrayContaining(['stranger@sever.ru sso', 'admin@yug.ru sso']));
    // Юг's journal does not get Север's refusal of its director.
    const yugJournal = (await client(stack.url, yug.adminToken).get('/api/admin/login-journal?result=refused')).body.items;
    expect(yugJournal.filter((e: { factor: string }) => e.factor === 'sso')).toEqual([]);
  });

  test('with a role for newcomers a new person of the domain joins at first sign-in; password sign-in can be kept for admins only', async () => {
    const admin = client(stack.url, sever.adminToken);
    const viewer = (await admin.get('/api/admin/roles')).body.find((r: { code: string }) => r.code === 'viewer');
    const invited = await admin.post('/api/admin/users', { email: 'buh@sever.ru', fullName: 'Бухгалтер', password: 'Buh-Sever-Passw0rd', roleIds: [viewer.id] });
    expect(invited.status).toBe(201);
    const jit = await admin.put('/api/admin/security/sso', { displayName: 'Север ID', issuer: idp.issuer, clientId: idp.clientId, emailDomain: 'sever.ru', passwordSignIn: false, jitRoleId: viewer.id });
    expect(jit.body).toMatchObject({ passwordSignIn: false, jitRoleId: viewer.id, clientSecretSet: true });

    const newcomer = await viaProvider('newcomer@sever.ru');
    expect(newcomer.status, newcomer.text).toBe(302);
    const who = await me(newcomer.refresh!);
    expect(who).toMatchObject({ user: { email: 'newcomer@sever.ru' }, tenant: { id: sever.tenantId } });
    const people = (await admin.get('/api/admin/users?q=newcomer')).body.items;
    expect(people).toMatchObject([{ email: 'newcomer@sever.ru', roles: [{ code: 'viewer' }] }]);
    // The provider vouches for any address of the domain: a person who works in another company joins Север too.
    const director = await viaProvider('director@sever.ru');
    expect(director.status).toBe(302);

    const byPassword = await client(stack.url).post('/api/auth/login', { email: 'buh@sever.ru', password: 'Buh-Sever-Passw0rd' });
    expect(byPassword.status).toBe(403);
    expect(byPassword.body.detail).toBe('В компании «ООО «Север»» вход только через Север ID: нажмите «Войти через Север ID» на странице входа.');
    expect((await client(stack.url).post('/api/auth/login', { email: 'admin@sever.ru', password: sever.adminPassword })).status).toBe(200);

    expect((await admin.delete('/api/admin/security/sso')).status).toBe(204);
    expect((await client(stack.url).post('/api/auth/login', { email: 'buh@sever.ru', password: 'Buh-Sever-Passw0rd' })).status).toBe(200);
    const gone = await fetch(`${stack.url}/api/auth/sso/start?tenantId=${sever.tenantId}`, { redirect: 'manual', headers: { accept: 'application/json' } });
    expect(gone.status).toBe(404);
  });
});
