import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createKvStore } from '../../src/platform/cache/kv-store';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';

// Redis runs on this machine (and in CI); the in-process store is the fallback without REDIS_URL.
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe.each([
  { store: 'memory', redisUrl: undefined },
  { store: 'redis', redisUrl: REDIS_URL },
])('sign-in with the $store store', ({ store, redisUrl }) => {
  let stack: TestStack;
  let t1: { tenantId: string };
  let t2: { tenantId: string };

  beforeAll(async () => {
    stack = await startStack({ label: `auth_${store}`, redisUrl });
    expect(stack.kv.kind).toBe(store);
    const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
    t1 = await onboardTenant(stack, ownerToken, { name: 'Первая компания', adminEmail: 'boss@first.ru' });
    t2 = await onboardTenant(stack, ownerToken, { name: 'Вторая компания', adminEmail: 'boss@second.ru' });
    // The same person works in both companies: invited into the second one, they accept after signing in.
    const admin2 = client(stack.url, await login(stack.url, 'boss@second.ru', 'Admin-Passw0rd-1'));
    expect((await admin2.post('/api/admin/users', { email: 'boss@first.ru', fullName: 'Босс' })).status).toBe(201);
    const boss = client(stack.url, await login(stack.url, 'boss@first.ru', 'Admin-Passw0rd-1'));
    const [invitation] = (await boss.get('/api/me/invitations')).body;
    expect((await boss.post(`/api/me/invitations/${invitation.id}/accept`)).status).toBe(200);
  });
  afterAll(() => stack?.close());

  test('a person of several companies picks one; the token is bound to it', async () => {
    const api = client(stack.url);
    const choice = await api.post('/api/auth/login', { email: 'boss@first.ru', password: 'Admin-Passw0rd-1' });
    expect(choice.status).toBe(200);
    expect(choice.body.tenantRequired).toBe(true);
    expect(choice.body.tenants.map((t: { name: string }) => t.name)).toEqual(['Вторая компания', 'Первая компания']);
    expect(choice.body.accessToken).toBeUndefined();
    const token = await login(stack.url, 'boss@first.ru', 'Admin-Passw0rd-1', t2.tenantId);
    expect((await client(stack.url, token).get('/api/me')).body.tenant.id).toBe(t2.tenantId);
    const other = await api.post('/api/auth/login', { email: 'boss@second.ru', password: 'Admin-Passw0rd-1', tenantId: t1.tenantId });
    expect(other.status).toBe(403);
  });

  test('the owner signs in without a tenant', async () => {
    const me = (await client(stack.url, await login(stack.url, OWNER.email, OWNER.password)).get('/api/me')).body;
    expect(me.isOwner).toBe(true);
    expect(me.tenant).toBeNull();
    expect(me.modules.map((m: { code: string }) => m.code)).toEqual(['owner']);
  });

  test('refresh tokens rotate; a spent one ends the session; logout revokes everything', async () => {
    const api = client(stack.url);
    const first = (await api.post('/api/auth/login', { email: 'boss@second.ru', password: 'Admin-Passw0rd-1' })).body;
    const second = await api.post('/api/auth/refresh', { refreshToken: first.refreshToken });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect((await client(stack.url, second.body.accessToken).get('/api/me')).status).toBe(200);

    // The first token again: theft is assumed, the whole session is revoked.
    const reuse = await api.post('/api/auth/refresh', { refreshToken: first.refreshToken });
    expect(reuse.status).toBe(401);
    expect(reuse.body.detail).toMatch(/уже использован/);
    expect((await api.post('/api/auth/refresh', { refreshToken: second.body.refreshToken })).status).toBe(401);
    expect((await client(stack.url, second.body.accessToken).get('/api/me')).status).toBe(401);

    const fresh = (await api.post('/api/auth/login', { email: 'boss@second.ru', password: 'Admin-Passw0rd-1' })).body;
    expect((await client(stack.url, fresh.accessToken).post('/api/auth/logout')).status).toBe(204);
    expect((await client(stack.url, fresh.accessToken).get('/api/me')).status).toBe(401);
    expect((await api.post('/api/auth/refresh', { refreshToken: fresh.refreshToken })).status).toBe(401);
    const stored = await stack.db.knex('platform.refresh_tokens').select('token_hash');
    expect(stored.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
    expect(stored.some((r) => r.token_hash === fresh.refreshToken)).toBe(false);
  });

  test('repeated wrong passwords lock the account with a growing wait; every attempt is journaled', async () => {
    const api = client(stack.url);
    for (let i = 0; i < 5; i++) {
      const res = await api.post('/api/auth/login', { email: 'boss@second.ru', password: `wrong-${i}` });
      expect(res.status).toBe(401);
      expect(res.body.detail).toMatch(/Неверный e-mail или пароль/);
    }
    const locked = await api.post('/api/auth/login', { email: 'boss@second.ru', password: 'Admin-Passw0rd-1' });
    expect(locked.status).toBe(429);
    expect(locked.body.retryAfterSeconds).toBeGreaterThan(20);
    expect(locked.body.detail).toMatch(/заблокирован/);
    const journal = await stack.db.knex('platform.login_journal').where({ email: 'boss@second.ru' }).orderBy('id').pluck('reason');
    expect(journal.filter((r) => r === 'wrong_password')).toHaveLength(5);
    expect(journal.at(-1)).toBe('throttled');
    // Another account is not affected.
    expect((await api.post('/api/auth/login', { email: OWNER.email, password: OWNER.password })).status).toBe(200);
  });

  test('bad login bodies get 400 with field messages, never 5xx', async () => {
    const api = client(stack.url);
    for (const body of [{}, { email: 'x' }, { email: 'a@b.ru', password: 1 }, { email: 'a@b.ru', password: 'x', tenantId: 'not-a-uuid' }, [], 'null']) {
      const res = await api.raw('POST', '/api/auth/login', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.contentType).toContain('application/problem+json');
    }
    expect((await api.get('/api/nothing-here')).status).toBe(404);
  });
});

test('the Redis store is really shared: a counter written by one client is seen by another', async () => {
  const a = createKvStore(REDIS_URL, 'wc-shared-test:');
  const b = createKvStore(REDIS_URL, 'wc-shared-test:');
  await a.del('n');
  expect(await a.incr('n', 10)).toBe(1);
  expect(await b.incr('n', 10)).toBe(2);
  expect(await b.get('n')).toBe('2');
  await a.close();
  await b.close();
});
