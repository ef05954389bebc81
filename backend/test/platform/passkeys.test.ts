/**
 * Passkeys' refusals over the API (the whole ceremony runs in the browser test shell/test/passkeys.test.ts with
 * Chromium's virtual authenticator): adding one needs the current password and a fresh challenge; signing in with
 * a key WorkCloud does not know, or with a spent or made-up challenge, is a Russian 401.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';

let stack: TestStack;
let admin: ReturnType<typeof client>;
let password: string;
const fakeAssertion = { id: 'bm90LWEta2V5', rawId: 'bm90LWEta2V5', type: 'public-key', response: { clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AA' }, clientExtensionResults: {} };

beforeAll(async () => {
  stack = await startStack({ label: 'passkeys' });
  const company = await onboardTenant(stack, await login(stack.url, OWNER.email, OWNER.password), { name: 'Ключи', adminEmail: 'admin@keys.ru' });
  admin = client(stack.url, company.adminToken);
  password = company.adminPassword;
}, 240_000);
afterAll(() => stack?.close());

test('adding a passkey needs the current password and a fresh challenge; the options name this site', async () => {
  const wrong = await admin.post('/api/me/passkeys/options', { password: 'not-the-password' });
  expect(wrong.status).toBe(400);
  expect(wrong.body.errors).toEqual([{ field: 'password', message: 'Неверный пароль' }]);
  const noChallenge = await admin.post('/api/me/passkeys', { name: 'Ноутбук', response: { ...fakeAssertion, response: { clientDataJSON: 'e30', attestationObject: 'AA' } } });
  expect(noChallenge.status).toBe(409);
  expect(noChallenge.body.detail).toMatch(/^Время на добавление ключа доступа истекло/);

  const options = await admin.post('/api/me/passkeys/options', { password });
  expect(options.status).toBe(200);
  expect(options.body).toMatchObject({ rp: { name: 'WorkCloud', id: new URL(stack.config.publicWebUrl).hostname }, user: { name: 'admin@keys.ru' }, authenticatorSelection: { residentKey: 'required', userVerification: 'required' } });
  // An answer that is not the authenticator's is refused, and the challenge is spent.
  const forged = await admin.post('/api/me/passkeys', { name: 'Ноутбук', response: { ...fakeAssertion, response: { clientDataJSON: 'e30', attestationObject: 'AA' } } });
  expect(forged.status).toBe(400);
  expect(forged.contentType).toMatch(/problem\+json/);
  expect((await admin.get('/api/me/passkeys')).body).toEqual([]);
}, 60_000);

test('signing in with an unknown key or a spent challenge is refused in Russian', async () => {
  const anon = client(stack.url);
  const { challengeId, options } = (await anon.post('/api/auth/passkey/options')).body;
  expect(options).toMatchObject({ rpId: new URL(stack.config.publicWebUrl).hostname, userVerification: 'required' });
  const unknown = await anon.post('/api/auth/passkey', { challengeId, response: fakeAssertion });
  expect(unknown.status).toBe(401);
  expect(unknown.body.detail).toMatch(/^Этот ключ доступа не зарегистрирован в WorkCloud/);
  const spent = await anon.post('/api/auth/passkey', { challengeId, response: fakeAssertion });
  expect(spent.status).toBe(401);
  expect(spent.body.detail).toMatch(/^Время на вход с ключом доступа истекло/);
  expect((await anon.post('/api/auth/passkey', { challengeId: 'x'.repeat(32), response: fakeAssertion })).status).toBe(401);
}, 60_000);
