/**
 * Sessions a person sees and ends (device, address, started, last used), the admin ending a member's sessions,
 * the letter on sign-in from a new device, and the refresh token in an HttpOnly cookie for browsers.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const CHROME_WIN = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

/** A sign-in as a browser would make it: its User-Agent and cookies; returns the body and the Set-Cookie values. */
async function signIn(stack: TestStack, email: string, password: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ email, password }) });
  expect(res.status).toBe(200);
  return { body: await res.json(), cookies: res.headers.getSetCookie() };
}
const cookieValue = (cookies: string[], name: string) => cookies.map((c) => new RegExp(`^${name}=([^;]*)`).exec(c)?.[1]).find((v) => v !== undefined);

describe('sessions', () => {
  let stack: TestStack;
  let tenant: { tenantId: string; adminToken: string; adminPassword: string };
  const adminEmail = 'admin@seansy.ru';
  const member = { email: 'buh@seansy.ru', password: 'Buh-Seansy-2026', id: '' };

  beforeAll(async () => {
    stack = await startStack({ label: 'sessions' });
    tenant = await onboardTenant(stack, await login(stack.url, OWNER.email, OWNER.password), { name: 'ООО «Сеансы»', adminEmail });
    const created = await client(stack.url, tenant.adminToken).post('/api/admin/users', { email: member.email, fullName: 'Бухгалтер', password: member.password, roleIds: [] });
    expect(created.status).toBe(201);
    member.id = created.body.id;
  });
  afterAll(() => stack?.close());

  test('the person sees each session with its device and address, ends one, then all the others', async () => {
    const laptop = await signIn(stack, adminEmail, tenant.adminPassword, { 'user-agent': FIREFOX });
    const office = await signIn(stack, adminEmail, tenant.adminPassword, { 'user-agent': CHROME_WIN });
    const me = client(stack.url, laptop.body.accessToken);
    const list = (await me.get('/api/me/sessions')).body as any[];
    expect(list.length).toBeGreaterThanOrEqual(3); // with onboarding's sign-in
    const here = list.find((s) => s.current);
    expect(here).toMatchObject({ device: 'Firefox, Linux', userAgent: FIREFOX, ip: '127.0.0.1', factor: 'password', tenant: { id: tenant.tenantId } });
    expect(Date.parse(here.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    const other = list.find((s) => s.device === 'Chrome, Windows');
    expect(other.current).toBe(false);

    expect((await me.delete(`/api/me/sessions/${other.id}`)).status).toBe(204);
    // Ended at once: its access token on the next request, its refresh token too.
    expect((await client(stack.url, office.body.accessToken).get('/api/me')).status).toBe(401);
    expect((await client(stack.url).post('/api/auth/refresh', { refreshToken: office.body.refreshToken })).status).toBe(401);
    expect((await me.delete(`/api/me/sessions/${other.id}`)).status).toBe(404);

    const ended = await me.post('/api/me/sessions/end-others');
    expect(ended.body.ended).toBeGreaterThanOrEqual(1);
    expect((await client(stack.url, tenant.adminToken).get('/api/me')).status).toBe(401);
    expect((await me.get('/api/me/sessions')).body.map((s: any) => s.id)).toEqual([here.id]);
    tenant.adminToken = laptop.body.accessToken;
  });

  test('another person’s session cannot be ended by its id; the admin ends all of a member’s sessions', async () => {
    const buh = await signIn(stack, member.email, member.password);
    const buhSessionId = ((await client(stack.url, buh.body.accessToken).get('/api/me/sessions')).body as any[])[0].id;
    const admin = client(stack.url, tenant.adminToken);
    expect((await admin.delete(`/api/me/sessions/${buhSessionId}`)).status).toBe(404);
    expect((await client(stack.url, buh.body.accessToken).get('/api/me')).status).toBe(200);
    // A member without rights on users cannot end the admin's sessions.
    const adminId = (await admin.get('/api/me')).body.user.id;
    expect((await client(stack.url, buh.body.accessToken).post(`/api/admin/users/${adminId}/sessions/end`)).status).toBe(403);

    const res = await admin.post(`/api/admin/users/${member.id}/sessions/end`);
    expect(res.status).toBe(200);
    expect(res.body.ended).toBe(1);
    expect((await client(stack.url, buh.body.accessToken).get('/api/me')).status).toBe(401);
    expect((await client(stack.url).post('/api/auth/refresh', { refreshToken: buh.body.refreshToken })).status).toBe(401);
    expect((await admin.post(`/api/admin/users/00000000-0000-4000-8000-000000000000/sessions/end`)).status).toBe(404);
  });

  test('a letter when the person signs in from a device never used before', async () => {
    const mails = () => stack.db.knex('platform.mail_outbox').where({ kind: 'auth.new_device', recipient: member.email }).select('subject', 'text');
    const known = await signIn(stack, member.email, member.password);
    const device = cookieValue(known.cookies, 'wc_device')!;
    const before = (await mails()).length;
    await signIn(stack, member.email, member.password, { cookie: `wc_device=${device}` });
    expect((await mails()).length).toBe(before);
    await signIn(stack, member.email, member.password, { 'user-agent': CHROME_WIN });
    const letters = await mails();
    expect(letters.length).toBe(before + 1);
    expect(letters.at(-1)!.subject).toBe('Вход в WorkCloud с нового устройства');
    expect(letters.at(-1)!.text).toMatch(/Chrome, Windows, адрес 127\.0\.0\.1/);
  });

  test('browsers get the refresh token as an HttpOnly cookie for /api/auth and refresh with it alone', async () => {
    const { cookies } = await signIn(stack, member.email, member.password);
    const refreshCookie = cookies.find((c) => c.startsWith('wc_refresh='))!;
    expect(refreshCookie).toMatch(/Path=\/api\/auth/);
    expect(refreshCookie).toMatch(/HttpOnly/);
    expect(refreshCookie).toMatch(/SameSite=Strict/);
    const token = cookieValue(cookies, 'wc_refresh')!;
    const refresh = (cookie: string) => fetch(`${stack.url}/api/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{}' });
    const res = await refresh(`wc_refresh=${token}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.accessToken).toBeTruthy();
    expect(body.refreshToken).toBeUndefined(); // the page never sees it
    expect(cookieValue(res.headers.getSetCookie(), 'wc_refresh')).not.toBe(token);
    expect((await client(stack.url, body.accessToken).get('/api/me')).status).toBe(200);
    // A page reloaded mid-refresh never stored the new cookie: the spent one again within seconds, its replacement
    // unused, is a retry and the session goes on.
    const retry = await refresh(`wc_refresh=${token}`);
    expect(retry.status).toBe(200);
    const newest = cookieValue(retry.headers.getSetCookie(), 'wc_refresh')!;
    expect((await refresh(`wc_refresh=${newest}`)).status).toBe(200);
    // Once its replacement was used, the spent cookie again is theft: the session ends.
    expect((await refresh(`wc_refresh=${token}`)).status).toBe(401);
    expect((await client(stack.url, body.accessToken).get('/api/me')).status).toBe(401);
    expect((await refresh('')).status).toBe(401);
  });
});
