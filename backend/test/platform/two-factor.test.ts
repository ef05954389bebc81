/**
 * TOTP second factor (RFC 6238): enrolment by QR, ten recovery codes, sign-in in two steps, no replay of a code,
 * disabling with the password and a code, and a company that requires 2FA sends a member to enrol on sign-in.
 * Codes are computed here by hand (RFC 4226 truncation, checked against RFC 6238's own vectors) from the secret.
 */
import { createHmac } from 'node:crypto';
import { Secret } from 'otpauth';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { totpStep } from '../../src/platform/auth/totp';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';

/** HOTP (RFC 4226) of a counter, `digits` long. */
function hotp(key: Buffer, counter: number, digits = 6): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const h = createHmac('sha1', key).update(msg).digest();
  const o = h[h.length - 1] & 0xf;
  const bin = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(bin % 10 ** digits).padStart(digits, '0');
}
const codeAt = (secretBase32: string, unixMs: number) => hotp(Buffer.from(Secret.fromBase32(secretBase32).bytes), Math.floor(unixMs / 30_000));

describe('TOTP codes', () => {
  test('RFC 6238 test vectors (SHA-1): by hand, and as the server checks them', () => {
    const rfcKey = Buffer.from('12345678901234567890');
    const vectors: [number, string][] = [[59, '94287082'], [1111111109, '07081804'], [1111111111, '14050471'], [1234567890, '89005924'], [2000000000, '69279037'], [20000000000, '65353130']];
    const base32 = new Secret({ buffer: new Uint8Array(rfcKey).buffer }).base32;
    for (const [t, expected] of vectors) {
      expect(hotp(rfcKey, Math.floor(t / 30), 8)).toBe(expected);
      // Apps show 6 digits: the same number mod 10^6.
      expect(totpStep(base32, expected.slice(2), t * 1000)).toBe(Math.floor(t / 30));
    }
    expect(totpStep(base32, '000000', 59_000)).toBeNull();
    // A code of the step before or after (a phone's clock off by up to 30 s) is accepted; two steps away is not.
    expect(totpStep(base32, hotp(rfcKey, 1), 89_000)).toBe(1);
    expect(totpStep(base32, hotp(rfcKey, 1), 119_000)).toBeNull();
  });
});

describe('two-factor sign-in', () => {
  let stack: TestStack;
  let tenant: { tenantId: string; adminToken: string; adminPassword: string };
  const email = 'director@tfa.ru';
  let secret = '';
  let recoveryCodes: string[] = [];
  let confirmingCode = '';

  beforeAll(async () => {
    stack = await startStack({ label: 'two_factor' });
    tenant = await onboardTenant(stack, await login(stack.url, OWNER.email, OWNER.password), { name: 'ООО «Два ключа»', adminEmail: email });
  });
  afterAll(() => stack?.close());

  test('enrolment: QR and otpauth URI, the first code turns it on and gives ten recovery codes, stored only sealed and hashed', async () => {
    const me = client(stack.url, tenant.adminToken);
    expect((await me.get('/api/me/two-factor')).body).toEqual({ enabled: false, recoveryCodesLeft: 0 });
    const enrol = await me.post('/api/me/two-factor/enrol');
    expect(enrol.status).toBe(200);
    secret = enrol.body.secret;
    expect(enrol.body.otpauthUri).toMatch(new RegExp(`^otpauth://totp/WorkCloud:director%40tfa\\.ru\\?.*secret=${secret}`));
    expect(enrol.body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const wrong = await me.post('/api/me/two-factor/confirm', { code: codeAt(secret, Date.now() - 5 * 60_000) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.detail).toMatch(/Код не подходит/);
    confirmingCode = codeAt(secret, Date.now());
    const ok = await me.post('/api/me/two-factor/confirm', { code: confirmingCode });
    expect(ok.status).toBe(200);
    recoveryCodes = ok.body.recoveryCodes;
    expect(new Set(recoveryCodes).size).toBe(10);
    expect((await me.get('/api/me/two-factor')).body).toEqual({ enabled: true, recoveryCodesLeft: 10 });

    const stored = JSON.stringify(await stack.db.knex('platform.two_factor').select());
    expect(stored).not.toContain(secret);
    const hashes = JSON.stringify(await stack.db.knex('platform.recovery_codes').select());
    for (const c of recoveryCodes) expect(hashes).not.toContain(c);
  });

  test('sign-in asks for the code; a used code is refused, a fresh one lets in', async () => {
    const anon = client(stack.url);
    const first = await anon.post('/api/auth/login', { email, password: tenant.adminPassword });
    expect(first.status).toBe(200);
    expect(first.body.accessToken).toBeUndefined();
    expect(first.body.secondFactor).toBe('code');
    // The code that confirmed the enrolment cannot be used again (it is still within the clock-drift window).
    const replay = await anon.post('/api/auth/login/two-factor', { challengeToken: first.body.challengeToken, code: confirmingCode });
    expect(replay.status).toBe(401);
    expect(replay.body.detail).toMatch(/Код не подходит/);
    // The next step's code (accepted a step early) lets in, once.
    const next = codeAt(secret, Date.now() + 30_000);
    const ok = await anon.post('/api/auth/login/two-factor', { challengeToken: first.body.challengeToken, code: next });
    expect(ok.status).toBe(200);
    expect((await client(stack.url, ok.body.accessToken).get('/api/me')).status).toBe(200);
    // The challenge is spent, and the same code with a new challenge is refused.
    expect((await anon.post('/api/auth/login/two-factor', { challengeToken: first.body.challengeToken, code: next })).status).toBe(401);
    const again = await anon.post('/api/auth/login', { email, password: tenant.adminPassword });
    expect((await anon.post('/api/auth/login/two-factor', { challengeToken: again.body.challengeToken, code: next })).status).toBe(401);
    // A challenge token is no access token.
    expect((await client(stack.url, again.body.challengeToken).get('/api/me')).status).toBe(401);
  });

  test('a recovery code signs in once', async () => {
    const anon = client(stack.url);
    const step = async () => (await anon.post('/api/auth/login', { email, password: tenant.adminPassword })).body.challengeToken;
    const ok = await anon.post('/api/auth/login/two-factor', { challengeToken: await step(), recoveryCode: recoveryCodes[0].toUpperCase() });
    expect(ok.status).toBe(200);
    expect((await anon.post('/api/auth/login/two-factor', { challengeToken: await step(), recoveryCode: recoveryCodes[0] })).status).toBe(401);
    expect((await client(stack.url, ok.body.accessToken).get('/api/me/two-factor')).body.recoveryCodesLeft).toBe(9);
  });

  test('disabling needs the current password and a code', async () => {
    const me = client(stack.url, tenant.adminToken);
    const noPassword = await me.post('/api/me/two-factor/disable', { password: 'not-the-password', code: codeAt(secret, Date.now() + 60_000) });
    expect(noPassword.status).toBe(400);
    expect(noPassword.body.errors[0].field).toBe('password');
    expect((await me.post('/api/me/two-factor/disable', { password: tenant.adminPassword, code: '123456' })).status).toBe(400);
    expect((await me.post('/api/me/two-factor/disable', { password: tenant.adminPassword, recoveryCode: recoveryCodes[1] })).status).toBe(204);
    expect((await client(stack.url).post('/api/auth/login', { email, password: tenant.adminPassword })).body.accessToken).toBeTruthy();
  });

  test('a company requiring 2FA (for everybody or chosen roles) sends a member without it to enrol on sign-in', async () => {
    const admin = client(stack.url, tenant.adminToken);
    const roles = (await admin.get('/api/admin/roles')).body as { id: string; code: string }[];
    const viewer = roles.find((r) => r.code !== 'admin')!;
    expect((await admin.put('/api/admin/security/two-factor', { required: 'roles', roleIds: [] })).status).toBe(400);
    expect((await admin.put('/api/admin/security/two-factor', { required: 'roles', roleIds: [viewer.id] })).status).toBe(200);
    // The admin has no such role: signs in with the password alone.
    expect((await client(stack.url).post('/api/auth/login', { email, password: tenant.adminPassword })).body.accessToken).toBeTruthy();

    expect((await admin.put('/api/admin/security/two-factor', { required: 'all' })).body).toEqual({ required: 'all', roleIds: [] });
    const anon = client(stack.url);
    const first = await anon.post('/api/auth/login', { email, password: tenant.adminPassword });
    expect(first.body).toMatchObject({ secondFactor: 'enrol' });
    const enrol = await anon.post('/api/auth/login/two-factor/enrol', { challengeToken: first.body.challengeToken });
    expect(enrol.status).toBe(200);
    const done = await anon.post('/api/auth/login/two-factor', { challengeToken: first.body.challengeToken, code: codeAt(enrol.body.secret, Date.now()) });
    expect(done.status).toBe(200);
    expect(done.body.recoveryCodes).toHaveLength(10);
    expect((await client(stack.url, done.body.accessToken).get('/api/me/two-factor')).body.enabled).toBe(true);
    // From now on the code is asked, not the enrolment.
    expect((await anon.post('/api/auth/login', { email, password: tenant.adminPassword })).body.secondFactor).toBe('code');
  });
});
