/**
 * Sign-in throttling that stops guessing without locking the real person out: per account + address, per
 * address and per account, with growing waits; addresses believed only from TRUST_PROXY; a browser that signed
 * in before (device cookie) is not blocked by failures from elsewhere.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config';
import { client, OWNER, startStack, type TestStack } from '../support/stack';

async function attempt(stack: TestStack, email: string, password: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ email, password }) });
  return { status: res.status, body: await res.json(), cookie: res.headers.get('set-cookie') ?? '' };
}

describe('behind a proxy (TRUST_PROXY = the proxy address)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    // The test client connects from 127.0.0.1, as the web server in front of the backend does.
    stack = await startStack({ label: 'throttle_proxy', env: { TRUST_PROXY: '127.0.0.1' } });
  });
  afterAll(() => stack?.close());

  test('60 failures from one address do not block the owner signing in from another address', async () => {
    const attacker = { 'x-forwarded-for': '203.0.113.66' };
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await attempt(stack, OWNER.email, `wrong-${i}`, attacker)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    // The attacker's address stays stopped, even with the right password.
    expect((await attempt(stack, OWNER.email, OWNER.password, attacker)).status).toBe(429);

    const owner = await attempt(stack, OWNER.email, OWNER.password, { 'x-forwarded-for': '198.51.100.7' });
    expect(owner.status).toBe(200);
    expect(owner.body.accessToken).toBeTruthy();
    // The journal holds the addresses the proxy reported.
    const ips = await stack.db.knex('platform.login_journal').where({ email: OWNER.email }).distinct('ip').pluck('ip');
    expect(ips.sort()).toEqual(['198.51.100.7', '203.0.113.66']);
  });

  test('the waits grow: the next refusal after a wait asks for longer', async () => {
    const from = { 'x-forwarded-for': '203.0.113.77' };
    for (let i = 0; i < 5; i++) await attempt(stack, 'nobody@nowhere.test', `wrong-${i}`, from);
    const locked = await attempt(stack, 'nobody@nowhere.test', 'wrong', from);
    expect(locked.status).toBe(429);
    expect(locked.body.retryAfterSeconds).toBeGreaterThan(20);
    expect(locked.body.retryAfterSeconds).toBeLessThanOrEqual(30);
    // Simulate the wait passing: the next failure is the 6th and waits twice as long.
    await stack.kv.del('login:wait:acctip:nobody@nowhere.test|203.0.113.77');
    expect((await attempt(stack, 'nobody@nowhere.test', 'wrong', from)).status).toBe(401);
    const longer = await attempt(stack, 'nobody@nowhere.test', 'wrong', from);
    expect(longer.status).toBe(429);
    expect(longer.body.retryAfterSeconds).toBeGreaterThan(50);
  });

  test('a known device signs in despite failures on the account from many addresses', async () => {
    // The owner signed in from this browser before: the answer set a device cookie.
    const first = await attempt(stack, OWNER.email, OWNER.password, { 'x-forwarded-for': '198.51.100.8' });
    expect(first.status).toBe(200);
    const cookie = /wc_device=([A-Za-z0-9_-]+)/.exec(first.cookie)?.[1];
    expect(cookie).toBeTruthy();
    expect(first.cookie).toMatch(/HttpOnly/);
    expect(first.cookie).toMatch(/SameSite=Strict/);
    expect(first.cookie).toMatch(/Path=\/api\/auth/);
    expect(await stack.db.knex('platform.known_devices').where({ token_hash: cookie }).first()).toBeUndefined(); // stored hashed

    // A distributed guesser: 3 tries from each of 20 addresses (under the per-address limits).
    for (let a = 1; a <= 20; a++) for (let i = 0; i < 3; i++) await attempt(stack, OWNER.email, `guess-${a}-${i}`, { 'x-forwarded-for': `192.0.2.${a}` });
    // An unknown browser, even with the right password, now waits…
    const stranger = await attempt(stack, OWNER.email, OWNER.password, { 'x-forwarded-for': '198.51.100.99' });
    expect(stranger.status).toBe(429);
    // …the owner's own browser does not, from wherever it is now.
    const known = await attempt(stack, OWNER.email, OWNER.password, { 'x-forwarded-for': '198.51.100.100', cookie: `wc_device=${cookie}` });
    expect(known.status).toBe(200);
    // A device cookie of another account (or a made-up one) does not help.
    const madeUp = await attempt(stack, OWNER.email, OWNER.password, { 'x-forwarded-for': '198.51.100.101', cookie: `wc_device=${'A'.repeat(43)}` });
    expect(madeUp.status).toBe(429);
  });
});

describe('without TRUST_PROXY', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ label: 'throttle_direct' });
  });
  afterAll(() => stack?.close());

  test('a changing X-Forwarded-For does not escape the per-address limit, nor reach the journal', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await attempt(stack, `victim${i}@corp.test`, 'Wrong-Passw0rd-1', { 'x-forwarded-for': `10.${i}.0.1` })).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    const refused = await attempt(stack, 'fresh@corp.test', 'Wrong-Passw0rd-1', { 'x-forwarded-for': '172.16.5.5' });
    expect(refused.status).toBe(429);
    expect(refused.body.detail).toMatch(/с вашего адреса/);
    const ips = await stack.db.knex('platform.login_journal').distinct('ip').pluck('ip');
    expect(ips).toEqual(['127.0.0.1']);
  });

  test('TRUST_PROXY takes addresses, CIDRs or a hop count — never "true"', () => {
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toEqual(['loopback']);
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY=true/);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.local' })).toThrow(/не адрес/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/99' })).toThrow(/не адрес/);
  });

  test('the web server in front sets X-Forwarded-For itself: a client cannot add addresses', async () => {
    // @ts-expect-error plain ESM without types
    const { startWebServer } = await import('../../../shell/serve.mjs');
    const seen: string[] = [];
    const http = await import('node:http');
    const echo = http.createServer((req, res) => {
      seen.push(String(req.headers['x-forwarded-for']));
      res.end('{}');
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
    const web = await startWebServer({ port: 0, backendUrl: `http://127.0.0.1:${(echo.address() as { port: number }).port}` });
    try {
      await fetch(`${web.url}/api/health`, { headers: { 'x-forwarded-for': '1.2.3.4' } });
      expect(seen).toEqual(['127.0.0.1']);
    } finally {
      await web.close();
      echo.close();
    }
  });
});
